"""OpenAPI description of the API's token authentication (drf-spectacular extension)."""

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme


class ApiTokenScheme(KnoxTokenScheme):
    """drf-spectacular's knox description, for our subclass of knox's authentication; named as the
    scheme was under DRF's tokens, so clients' security settings keep their name."""

    target_class = "accounts.auth.ApiTokenAuthentication"
    name = "tokenAuth"
