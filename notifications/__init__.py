"""The notification centre: what each person should know about or act on, read or unread, and which
kinds also come by e-mail. Imports only `accounts` and `common`, so every domain app may call it."""
