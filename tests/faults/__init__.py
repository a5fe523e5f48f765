"""Fault tests: what people see when PostgreSQL drops connections under a running server."""
