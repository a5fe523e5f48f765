"""Models of the solutions domain; filled in by the issue that builds it (see docs/architecture.md)."""
