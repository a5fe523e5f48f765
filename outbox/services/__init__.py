"""Writes of the outbox: `queueing` (put e-mails in the outbox in the caller's transaction, retry a
failed one) and `delivery` (what a worker does: send one message exactly once, re-queue stale ones)."""
