{{/* The operator console's environment: where the APIs are, and nothing secret.

The console forwards each caller's own token to the services, so its pod gets no Secret,
no Kafka and no database settings (not even the shared ConfigMap): only the services'
in-cluster addresses (SERVICE_URLS, keyed as the page calls them: ledger-store,
connector-exact, ...), the trace viewer's address and the logging and telemetry settings.
*/}}
{{- define "ledgerbus.consoleEnv" -}}
{{- $v := .Values -}}
{{- $urls := dict -}}
{{- range $key, $svc := $v.services }}
{{- if and $svc.enabled (ne $key "console") }}
{{- $_ := set $urls ($key | kebabcase) (printf "http://%s:%v" (include "ledgerbus.serviceName" (dict "root" $ "key" $key)) $svc.port) }}
{{- end }}
{{- end }}
- {name: LEDGERBUS_ENV, value: {{ $v.environment | quote }}}
- {name: LEDGERBUS_HOST, value: "0.0.0.0"}
- {name: LOG_LEVEL, value: {{ $v.logLevel | quote }}}
- {name: LOG_FORMAT, value: {{ $v.logFormat | quote }}}
- {name: PYTHONUNBUFFERED, value: "1"}
- {name: OTEL_EXPORTER, value: {{ $v.telemetry.exporter | quote }}}
{{- if $v.telemetry.otlpEndpoint }}
- {name: OTEL_ENDPOINT, value: {{ $v.telemetry.otlpEndpoint | quote }}}
{{- end }}
- {name: SERVICE_URLS, value: {{ $urls | toJson | quote }}}
{{- with $v.services.console.traceViewerUrl }}
- {name: TRACE_VIEWER_URL, value: {{ . | quote }}}
{{- end }}
{{- end -}}
