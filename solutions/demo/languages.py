# ruff: noqa: RUF001, E501 -- Cyrillic text is not a confusable Latin one; pools stay one language per block
"""Demo solutions in other languages (issue 18): 20 % of the demo catalogue is written in, or
translated into, Spanish, French, Portuguese, Russian, Arabic or Korean, so search is measured on a
catalogue like the association's. Small phrase pools per language, aligned by position: topic 3 is the
same offering in every language, template 2 the same sentence, so a translation says what its
English original says. Pure: no database."""

from __future__ import annotations

import random
from dataclasses import dataclass

# Share of demo solutions in another language, and how they are: written in it, or English with a
# translation into it.
OTHER_LANGUAGE_SHARE = 0.2
ORIGINAL_SHARE = 0.5
# Spanish-speaking members are the largest group after English, then French and Portuguese.
LANGUAGE_WEIGHTS = (("es", 25), ("fr", 20), ("pt", 15), ("ru", 15), ("ar", 12), ("ko", 13))

TOPICS: dict[str, tuple[str, ...]] = {
    "en": (
        "smart traffic lights", "air quality sensors", "smart waste collection", "water leak detection",
        "smart parking", "efficient street lighting", "flood early warning", "city digital twin",
        "citizen participation platform", "electric bus fleet management", "telemedicine for older people",
        "energy management for public buildings",
    ),
    "es": (
        "semáforos inteligentes", "sensores de calidad del aire", "recogida inteligente de residuos",
        "detección de fugas de agua", "aparcamiento inteligente", "alumbrado público eficiente",
        "alerta temprana de inundaciones", "gemelo digital de la ciudad", "plataforma de participación ciudadana",
        "gestión de flotas de autobuses eléctricos", "telemedicina para personas mayores",
        "gestión energética de edificios públicos",
    ),
    "fr": (
        "feux de circulation intelligents", "capteurs de qualité de l'air", "collecte intelligente des déchets",
        "détection des fuites d'eau", "stationnement intelligent", "éclairage public économe",
        "alerte précoce aux inondations", "jumeau numérique de la ville", "plateforme de participation citoyenne",
        "gestion de flottes de bus électriques", "télémédecine pour les personnes âgées",
        "gestion énergétique des bâtiments publics",
    ),
    "pt": (
        "semáforos inteligentes", "sensores de qualidade do ar", "coleta inteligente de resíduos",
        "detecção de vazamentos de água", "estacionamento inteligente", "iluminação pública eficiente",
        "alerta antecipado de enchentes", "gêmeo digital da cidade", "plataforma de participação cidadã",
        "gestão de frotas de ônibus elétricos", "telemedicina para idosos",
        "gestão energética de edifícios públicos",
    ),
    "ru": (
        "умные светофоры", "датчики качества воздуха", "умный сбор отходов", "обнаружение утечек воды",
        "умная парковка", "энергоэффективное уличное освещение", "раннее предупреждение о наводнениях",
        "цифровой двойник города", "платформа гражданского участия", "управление парком электробусов",
        "телемедицина для пожилых людей", "управление энергопотреблением общественных зданий",
    ),
    "ar": (
        "إشارات المرور الذكية", "أجهزة استشعار جودة الهواء", "جمع النفايات الذكي", "كشف تسرب المياه",
        "مواقف السيارات الذكية", "الإنارة العامة الموفرة للطاقة", "الإنذار المبكر بالفيضانات",
        "التوأم الرقمي للمدينة", "منصة المشاركة المجتمعية", "إدارة أساطيل الحافلات الكهربائية",
        "الطب عن بعد لكبار السن", "إدارة الطاقة في المباني العامة",
    ),
    "ko": (
        "스마트 교통신호", "대기질 센서", "스마트 폐기물 수거", "누수 감지", "스마트 주차", "스마트 가로등",
        "홍수 조기경보", "도시 디지털 트윈", "시민참여 플랫폼", "전기버스 운영관리", "어르신 원격의료",
        "공공건물 에너지 관리",
    ),
}  # fmt: skip

PROBLEMS: dict[str, tuple[str, ...]] = {
    "en": (
        "traffic congestion", "air pollution", "water losses in the network", "high energy bills",
        "flash floods", "overflowing bins", "slow emergency response", "the lack of parking",
    ),
    "es": (
        "la congestión del tráfico", "la contaminación del aire", "las pérdidas de agua en la red",
        "las facturas de energía elevadas", "las inundaciones repentinas", "los contenedores desbordados",
        "los tiempos de respuesta de emergencia", "la falta de aparcamiento",
    ),
    "fr": (
        "les embouteillages", "la pollution de l'air", "les pertes d'eau du réseau", "les factures d'énergie élevées",
        "les inondations soudaines", "les poubelles qui débordent", "les délais d'intervention des secours",
        "le manque de places de stationnement",
    ),
    "pt": (
        "os congestionamentos", "a poluição do ar", "as perdas de água na rede", "as contas de energia altas",
        "as enchentes repentinas", "as lixeiras transbordando", "o tempo de resposta de emergência",
        "a falta de vagas de estacionamento",
    ),
    "ru": (
        "пробки на дорогах", "загрязнение воздуха", "потери воды в сети", "высокие счета за энергию",
        "внезапные наводнения", "переполненные мусорные контейнеры", "долгое время реагирования экстренных служб",
        "нехватка парковочных мест",
    ),
    "ar": (
        "الازدحام المروري", "تلوث الهواء", "فاقد المياه في الشبكة", "ارتفاع فواتير الطاقة", "الفيضانات المفاجئة",
        "امتلاء حاويات النفايات", "بطء الاستجابة للطوارئ", "نقص مواقف السيارات",
    ),
    "ko": (
        "교통 혼잡", "대기오염", "상수도 누수 손실", "높은 에너지 비용", "갑작스러운 홍수", "넘치는 쓰레기통",
        "긴급 대응 지연", "주차 공간 부족",
    ),
}  # fmt: skip

CITIES: dict[str, tuple[str, ...]] = {
    "en": ("Manchester", "Austin", "Nairobi", "Melbourne", "Glasgow", "Pittsburgh"),
    "es": ("Bogotá", "Medellín", "Valencia", "Montevideo", "Guadalajara", "Córdoba"),
    "fr": ("Lyon", "Dakar", "Montréal", "Abidjan", "Nantes", "Casablanca"),
    "pt": ("Porto", "Curitiba", "Recife", "Maputo", "Lisboa", "Campinas"),
    "ru": ("Казань", "Новосибирск", "Алматы", "Екатеринбург", "Ташкент", "Самара"),
    "ar": ("عمّان", "الدوحة", "تونس", "الرباط", "مسقط", "دبي"),
    "ko": ("부산", "서울", "대구", "인천", "광주", "대전"),
}

TITLES: dict[str, tuple[str, ...]] = {
    "en": ("{brand}: {topic}", "{Topic} for {city}", "{Topic} in real time"),
    "es": ("{brand}: {topic}", "{Topic} para {city}", "{Topic} en tiempo real"),
    "fr": ("{brand} : {topic}", "{Topic} pour {city}", "{Topic} en temps réel"),
    "pt": ("{brand}: {topic}", "{Topic} para {city}", "{Topic} em tempo real"),
    "ru": ("{brand}: {topic}", "{Topic} для города {city}", "{Topic} в реальном времени"),
    "ar": ("{brand}: {topic}", "{topic} لمدينة {city}", "{topic} في الوقت الفعلي"),
    "ko": ("{brand}: {topic}", "{city} {topic} 솔루션", "실시간 {topic}"),
}

SUMMARIES: dict[str, tuple[str, ...]] = {
    "en": (
        "{Topic} that reduces {problem} in {city} and other mid-sized cities.",
        "A {topic} solution that helps city halls tackle {problem}.",
    ),
    "es": (
        "{Topic} que reduce {problem} en {city} y en otras ciudades medianas.",
        "Una solución de {topic} que ayuda a los ayuntamientos a combatir {problem}.",
    ),
    "fr": (
        "{Topic} qui réduit {problem} à {city} et dans d'autres villes moyennes.",
        "Une solution de {topic} qui aide les municipalités à lutter contre {problem}.",
    ),
    "pt": (
        "{Topic} que reduz {problem} em {city} e em outras cidades médias.",
        "Uma solução de {topic} que ajuda as prefeituras a combater {problem}.",
    ),
    "ru": (
        "{Topic} помогает городу {city} и другим средним городам справиться с проблемой: {problem}.",
        "Решение «{topic}» помогает администрациям городов бороться с проблемой: {problem}.",
    ),
    "ar": (
        "{topic} تساعد {city} ومدنًا متوسطة أخرى على الحد من {problem}.",
        "حل {topic} يساعد البلديات على مواجهة {problem}.",
    ),
    "ko": (
        "{city} 등 중소도시의 {problem} 문제를 줄이는 {topic} 솔루션입니다.",
        "지자체가 {problem} 문제에 대응하도록 돕는 {topic} 서비스입니다.",
    ),
}

SENTENCES: dict[str, tuple[str, ...]] = {
    "en": (
        "The platform combines {topic} with a cloud dashboard.",
        "In {city} it cut {problem} by {number} % in the first year.",
        "Data flows into existing municipal systems through open APIs.",
        "Deployment takes {weeks} weeks and includes training for municipal staff.",
        "It complies with data-protection law and keeps data on local servers.",
        "Residents receive real-time alerts on their phones.",
    ),
    "es": (
        "La plataforma combina {topic} con un panel de control en la nube.",
        "En {city} redujo {problem} un {number} % en el primer año.",
        "Los datos se integran con los sistemas municipales existentes mediante API abiertas.",
        "El despliegue tarda {weeks} semanas e incluye formación para el personal municipal.",
        "Cumple la ley de protección de datos y guarda los datos en servidores locales.",
        "Los vecinos reciben avisos en tiempo real en su móvil.",
    ),
    "fr": (
        "La plateforme associe {topic} à un tableau de bord dans le cloud.",
        "À {city}, elle a réduit {problem} de {number} % la première année.",
        "Les données s'intègrent aux systèmes municipaux existants grâce à des API ouvertes.",
        "Le déploiement prend {weeks} semaines et comprend la formation des agents municipaux.",
        "Conforme à la loi sur la protection des données, elle héberge les données sur des serveurs locaux.",
        "Les habitants reçoivent des alertes en temps réel sur leur téléphone.",
    ),
    "pt": (
        "A plataforma combina {topic} com um painel na nuvem.",
        "Em {city}, reduziu {problem} em {number} % no primeiro ano.",
        "Os dados se integram aos sistemas municipais existentes por meio de APIs abertas.",
        "A implantação leva {weeks} semanas e inclui capacitação para os servidores municipais.",
        "Cumpre a lei de proteção de dados e guarda os dados em servidores locais.",
        "Os moradores recebem alertas em tempo real no celular.",
    ),
    "ru": (
        "Платформа объединяет решение «{topic}» с облачной панелью мониторинга.",
        "В городе {city} за первый год проблема «{problem}» сократилась на {number} %.",
        "Данные интегрируются с существующими муниципальными системами через открытые API.",
        "Внедрение занимает {weeks} недель и включает обучение сотрудников администрации.",
        "Данные хранятся на локальных серверах в соответствии с законом о защите данных.",
        "Жители получают уведомления на телефон в реальном времени.",
    ),
    "ar": (
        "تجمع المنصة بين {topic} ولوحة تحكم سحابية.",
        "في {city} انخفض {problem} بنسبة {number}٪ في السنة الأولى.",
        "تتكامل البيانات مع الأنظمة البلدية القائمة عبر واجهات برمجة مفتوحة.",
        "يستغرق التركيب {weeks} أسابيع ويشمل تدريب موظفي البلدية.",
        "تُحفظ البيانات على خوادم محلية وفق قوانين حماية البيانات.",
        "يتلقى السكان تنبيهات فورية على هواتفهم.",
    ),
    "ko": (
        "이 플랫폼은 {topic} 기능과 클라우드 대시보드를 결합합니다.",
        "{city}에서는 첫해에 {problem} 문제가 {number}% 줄었습니다.",
        "개방형 API로 기존 지자체 시스템과 연동됩니다.",
        "구축에는 {weeks}주가 걸리며 공무원 교육이 포함됩니다.",
        "데이터는 개인정보 보호법에 따라 국내 서버에 저장됩니다.",
        "주민들은 휴대전화로 실시간 알림을 받습니다.",
    ),
}


@dataclass(frozen=True)
class DemoText:
    language: str
    title: str
    summary: str
    description: str


@dataclass(frozen=True)
class DemoLanguagePlan:
    """A demo solution's text when it is not English-only: `original` replaces its own columns
    (language = original_language) and `translation`, when given, is a SolutionTranslation row."""

    original: DemoText
    translation: DemoText | None


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class _Picks:
    """Positions in the aligned pools: the same in every language of one solution."""

    topic: int
    problem: int
    city: int
    title: int
    summary: int
    sentences: tuple[int, ...]
    slots: dict[str, str]


def _text(language: str, picks: _Picks) -> DemoText:
    topic = TOPICS[language][picks.topic]
    values = {
        **picks.slots,
        "topic": topic,
        "Topic": _capitalise(topic),
        "problem": PROBLEMS[language][picks.problem],
        "city": CITIES[language][picks.city],
    }
    return DemoText(
        language=language,
        title=TITLES[language][picks.title].format(**values)[:200],
        summary=SUMMARIES[language][picks.summary].format(**values)[:500],
        description=" ".join(SENTENCES[language][i].format(**values) for i in picks.sentences),
    )


def demo_language_plan(*, seed: int, index: int, brand: str) -> DemoLanguagePlan | None:
    """None for the 80 % of rows that stay English-only; else the row's texts. Drawn from its own
    random stream, so the English rows are exactly what they were before this existed."""
    rng = random.Random(f"{seed}/language/{index}")  # noqa: S311 -- demo data, not secrets
    if rng.random() >= OTHER_LANGUAGE_SHARE:
        return None
    language = rng.choices([code for code, _ in LANGUAGE_WEIGHTS], [w for _, w in LANGUAGE_WEIGHTS])[0]
    sentence_count = rng.randint(3, len(SENTENCES["en"]))
    picks = _Picks(
        topic=rng.randrange(len(TOPICS["en"])),
        problem=rng.randrange(len(PROBLEMS["en"])),
        city=rng.randrange(len(CITIES["en"])),
        title=rng.randrange(len(TITLES["en"])),
        summary=rng.randrange(len(SUMMARIES["en"])),
        sentences=tuple(sorted(rng.sample(range(len(SENTENCES["en"])), sentence_count))),
        slots={"brand": brand, "number": str(rng.randint(8, 45)), "weeks": str(rng.randint(4, 16))},
    )
    translated = _text(language, picks)
    if rng.random() < ORIGINAL_SHARE:
        return DemoLanguagePlan(original=translated, translation=None)
    return DemoLanguagePlan(original=_text("en", picks), translation=translated)
