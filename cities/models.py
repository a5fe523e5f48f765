"""Models of the cities domain; filled in by the issue that builds it (see docs/architecture.md)."""
