{{/* Names, labels and the environment every ledgerbus container shares. */}}

{{- define "ledgerbus.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The Kubernetes name of one service: ledgerStore -> <release>-ledger-store. */}}
{{- define "ledgerbus.serviceName" -}}
{{- printf "%s-%s" (include "ledgerbus.fullname" .root) (.key | kebabcase) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ledgerbus.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: ledgerbus
{{- end -}}

{{- define "ledgerbus.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .key | kebabcase }}
{{- end -}}

{{- define "ledgerbus.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "ledgerbus.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "ledgerbus.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if eq $tag "latest" -}}{{- fail "image.tag must name a version, not latest" -}}{{- end -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}

{{/* An env entry read from an existing Secret. */}}
{{- define "ledgerbus.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end -}}

{{/* The secret environment of one service: only what it needs, all from existing Secrets. */}}
{{- define "ledgerbus.secretEnvFor" -}}
{{- $v := .root.Values -}}
{{- $svc := .svc -}}
{{ include "ledgerbus.secretEnv" (dict "name" "DATABASE_URL" "secret" $v.postgres.urlSecret.name "key" $v.postgres.urlSecret.key) }}
{{ include "ledgerbus.secretEnv" (dict "name" "OPERATOR_TOKEN" "secret" $v.auth.secret.name "key" $v.auth.secret.operatorTokenKey) }}
{{ include "ledgerbus.secretEnv" (dict "name" "TENANT_TOKENS" "secret" $v.auth.secret.name "key" $v.auth.secret.tenantTokensKey "optional" true) }}
{{ include "ledgerbus.secretEnv" (dict "name" "ENCRYPTION_KEY" "secret" $v.auth.secret.name "key" $v.auth.secret.encryptionKeyKey) }}
{{- if hasPrefix "SASL" $v.kafka.securityProtocol }}
{{ include "ledgerbus.secretEnv" (dict "name" "KAFKA_SASL_USERNAME" "secret" $v.kafka.credentialsSecret.name "key" $v.kafka.credentialsSecret.usernameKey) }}
{{ include "ledgerbus.secretEnv" (dict "name" "KAFKA_SASL_PASSWORD" "secret" $v.kafka.credentialsSecret.name "key" $v.kafka.credentialsSecret.passwordKey) }}
{{- end }}
{{- if and (eq .key "notifier") $v.smtp.credentialsSecret.name }}
{{ include "ledgerbus.secretEnv" (dict "name" "SMTP_USERNAME" "secret" $v.smtp.credentialsSecret.name "key" $v.smtp.credentialsSecret.usernameKey) }}
{{ include "ledgerbus.secretEnv" (dict "name" "SMTP_PASSWORD" "secret" $v.smtp.credentialsSecret.name "key" $v.smtp.credentialsSecret.passwordKey) }}
{{- end }}
{{- if eq (default "" $svc.package) "exact" }}
{{ include "ledgerbus.secretEnv" (dict "name" "EXACT_CLIENT_SECRET" "secret" $v.packages.secret.name "key" $v.packages.exact.clientSecretKey) }}
{{- end }}
{{- if eq (default "" $svc.package) "twinfield" }}
{{ include "ledgerbus.secretEnv" (dict "name" "TWINFIELD_CLIENT_SECRET" "secret" $v.packages.secret.name "key" $v.packages.twinfield.clientSecretKey) }}
{{- end }}
{{- if eq (default "" $svc.package) "snelstart" }}
{{ include "ledgerbus.secretEnv" (dict "name" "SNELSTART_SUBSCRIPTION_KEY" "secret" $v.packages.secret.name "key" $v.packages.snelstart.subscriptionKeyKey) }}
{{- end }}
{{- if eq (default "" $svc.package) "eaccounting" }}
{{ include "ledgerbus.secretEnv" (dict "name" "EACCOUNTING_CLIENT_SECRET" "secret" $v.packages.secret.name "key" $v.packages.eaccounting.clientSecretKey) }}
{{- end }}
{{- end -}}
