"""The project pipeline: from a meeting or a direct proposal to a partnership."""
