"""Twinfield: OpenID Connect tokens, cluster discovery, the SOAP finder and browse data."""
