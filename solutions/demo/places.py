"""Where the demo catalogue happens: the member cities that evidence sentences cite, the countries
demo providers are registered in, and the languages and regions solutions serve."""

from __future__ import annotations

from accounts.enums import Region
from solutions.demo.sampling import Pool

# --- Places: the association's real members (accounts/data/members_2023.txt) -------------------

CITIES: tuple[tuple[str, str, str], ...] = (
    ("Seoul", "KR", Region.ASIA_PACIFIC), ("Jakarta", "ID", Region.ASIA_PACIFIC),
    ("Mexico City", "MX", Region.AMERICAS), ("Nairobi", "KE", Region.AFRICA),
    ("Paris", "FR", Region.EUROPE), ("Ulaanbaatar", "MN", Region.ASIA_PACIFIC),
    ("Kigali", "RW", Region.AFRICA), ("Berlin", "DE", Region.EUROPE),
    ("Bangkok", "TH", Region.ASIA_PACIFIC), ("Lima", "PE", Region.AMERICAS),
    ("Tehran", "IR", Region.MENA), ("Kathmandu", "NP", Region.ASIA_PACIFIC),
    ("São Paulo", "BR", Region.AMERICAS), ("Moscow", "RU", Region.EUROPE),
    ("Addis Ababa", "ET", Region.AFRICA), ("Manila", "PH", Region.ASIA_PACIFIC),
    ("Brussels", "BE", Region.EUROPE), ("Rotterdam", "NL", Region.EUROPE),
    ("Abu Dhabi", "AE", Region.MENA), ("Accra", "GH", Region.AFRICA),
    ("Ankara", "TR", Region.EUROPE), ("Tashkent", "UZ", Region.ASIA_PACIFIC),
    ("Almaty", "KZ", Region.ASIA_PACIFIC), ("Bandung", "ID", Region.ASIA_PACIFIC),
    ("Pittsburgh", "US", Region.AMERICAS), ("San Francisco", "US", Region.AMERICAS),
    ("Dakar", "SN", Region.AFRICA), ("Kampala", "UG", Region.AFRICA),
    ("Tunis", "TN", Region.MENA), ("Rabat", "MA", Region.MENA),
    ("Muscat", "OM", Region.MENA), ("Da Nang", "VN", Region.ASIA_PACIFIC),
    ("Ha Noi", "VN", Region.ASIA_PACIFIC), ("Chengdu", "CN", Region.ASIA_PACIFIC),
    ("Ningbo", "CN", Region.ASIA_PACIFIC), ("Frankfurt", "DE", Region.EUROPE),
    ("Bucharest", "RO", Region.EUROPE), ("Minsk", "BY", Region.EUROPE),
    ("Porto Alegre", "BR", Region.AMERICAS), ("Cuenca", "EC", Region.AMERICAS),
    ("Cusco", "PE", Region.AMERICAS), ("Asunción", "PY", Region.AMERICAS),
    ("Caracas", "VE", Region.AMERICAS), ("Harare", "ZW", Region.AFRICA),
    ("Maputo", "MZ", Region.AFRICA), ("Dar es Salaam", "TZ", Region.AFRICA),
    ("Tshwane", "ZA", Region.AFRICA), ("Abuja", "NG", Region.AFRICA),
    ("Erbil", "IQ", Region.MENA), ("Isfahan", "IR", Region.MENA),
    ("Shiraz", "IR", Region.MENA), ("Tabriz", "IR", Region.MENA),
    ("Ramallah", "PS", Region.MENA), ("Hebron", "PS", Region.MENA),
    ("Gaziantep", "TR", Region.EUROPE), ("Antakya", "TR", Region.EUROPE),
    ("Malatya", "TR", Region.EUROPE), ("Beyoğlu", "TR", Region.EUROPE),
    ("Vladivostok", "RU", Region.EUROPE), ("Baku", "AZ", Region.ASIA_PACIFIC),
    ("Bishkek", "KG", Region.ASIA_PACIFIC), ("Astana", "KZ", Region.ASIA_PACIFIC),
    ("Dhaka North", "BD", Region.ASIA_PACIFIC), ("Rajshahi City", "BD", Region.ASIA_PACIFIC),
    ("Islamabad", "PK", Region.ASIA_PACIFIC), ("Peshawar", "PK", Region.ASIA_PACIFIC),
    ("Suva", "FJ", Region.ASIA_PACIFIC), ("Agra", "IN", Region.ASIA_PACIFIC),
    ("Wellington", "NZ", Region.ASIA_PACIFIC), ("Ryde", "AU", Region.ASIA_PACIFIC),
    ("Goyang", "KR", Region.ASIA_PACIFIC), ("Seongnam", "KR", Region.ASIA_PACIFIC),
    ("Sejong", "KR", Region.ASIA_PACIFIC), ("Jeju", "KR", Region.ASIA_PACIFIC),
    ("Anyang", "KR", Region.ASIA_PACIFIC), ("Gimpo", "KR", Region.ASIA_PACIFIC),
    ("Makati", "PH", Region.ASIA_PACIFIC), ("Quezon City", "PH", Region.ASIA_PACIFIC),
    ("Baguio", "PH", Region.ASIA_PACIFIC), ("Penang Island", "MY", Region.ASIA_PACIFIC),
    ("Pokhara", "NP", Region.ASIA_PACIFIC), ("Dharan", "NP", Region.ASIA_PACIFIC),
    ("Bharatpur", "NP", Region.ASIA_PACIFIC), ("Galle", "LK", Region.ASIA_PACIFIC),
    ("Batam", "ID", Region.ASIA_PACIFIC), ("Erdenet", "MN", Region.ASIA_PACIFIC),
    ("Thua Thien Hue", "VN", Region.ASIA_PACIFIC), ("Chirchik", "UZ", Region.ASIA_PACIFIC),
    ("Calabar", "NG", Region.AFRICA), ("Kaduna State", "NG", Region.AFRICA),
    ("Kasama", "ZM", Region.AFRICA), ("Batibo", "CM", Region.AFRICA),
    ("La Marsa", "TN", Region.MENA), ("Coatzacoalcos", "MX", Region.AMERICAS),
    ("Urubamba", "PE", Region.AMERICAS), ("Villa Tapia", "DO", Region.AMERICAS),
    ("San Antonio de Areco", "AR", Region.AMERICAS), ("Dujiangyan", "CN", Region.ASIA_PACIFIC),
    ("Dhulikhel", "NP", Region.ASIA_PACIFIC), ("Sainshand", "MN", Region.ASIA_PACIFIC),
)  # fmt: skip
CITY_POOL = Pool(CITIES, exponent=0.8)

# Where demo providers are registered: member countries and a few technology hubs.
PROVIDER_COUNTRIES: tuple[tuple[str, str], ...] = (
    ("KR", Region.ASIA_PACIFIC), ("US", Region.AMERICAS), ("DE", Region.EUROPE), ("FR", Region.EUROPE),
    ("NL", Region.EUROPE), ("GB", Region.EUROPE), ("JP", Region.ASIA_PACIFIC), ("CN", Region.ASIA_PACIFIC),
    ("IN", Region.ASIA_PACIFIC), ("SG", Region.ASIA_PACIFIC), ("KE", Region.AFRICA), ("NG", Region.AFRICA),
    ("AE", Region.MENA), ("BR", Region.AMERICAS), ("ID", Region.ASIA_PACIFIC), ("MX", Region.AMERICAS),
    ("RW", Region.AFRICA), ("ZA", Region.AFRICA), ("TR", Region.EUROPE), ("ES", Region.EUROPE),
    ("CH", Region.EUROPE), ("BE", Region.EUROPE), ("MA", Region.MENA), ("TN", Region.MENA),
    ("VN", Region.ASIA_PACIFIC), ("PH", Region.ASIA_PACIFIC), ("GH", Region.AFRICA), ("PE", Region.AMERICAS),
    ("MN", Region.ASIA_PACIFIC), ("AU", Region.ASIA_PACIFIC), ("FI", Region.EUROPE), ("EE", Region.EUROPE),
)  # fmt: skip
COUNTRY_POOL = Pool(PROVIDER_COUNTRIES, exponent=0.9)

REGION_LANGUAGES: dict[str, tuple[str, ...]] = {
    Region.AFRICA: ("fr", "sw", "pt", "am", "rw", "ha"),
    Region.EUROPE: ("fr", "de", "es", "nl", "tr", "ru", "ro"),
    Region.MENA: ("ar", "fr", "fa", "ku"),
    Region.AMERICAS: ("es", "pt"),
    Region.ASIA_PACIFIC: ("ko", "zh", "ja", "id", "vi", "th", "mn", "ne", "ms", "tl", "hi", "uz"),
}
REGION_POOL = Pool(Region.values, exponent=0.0)
