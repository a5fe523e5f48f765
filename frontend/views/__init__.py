"""Server-rendered pages. Reads go through selectors, writes through the same services as the API.

One module per area: `members` (directory, organisations, accounts), `catalogue` (solutions and best
cases), `needs` (city needs), `errors` (the error handlers config/urls.py names).
"""
