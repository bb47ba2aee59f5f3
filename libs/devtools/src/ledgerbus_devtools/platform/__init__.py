"""The local platform behind `make run`, `make up` and `make down`."""
