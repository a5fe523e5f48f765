"""Version 1 of the City Activator questionnaire, published, so a fresh `make run` has it.

The dimensions follow the association's sectors and priorities (brochure 2024: mobility, safety,
welfare, environment, culture, governance; ESG; digital inclusion and human-centred services; data
and infrastructure). Each question's five answers are graded 0 to 4, in the order listed.

The texts are marked with `gettext_noop` so `makemessages` puts them in the catalogues: the rows
keep the English, and the pages show `gettext(text)` (`cities.activator.translated`), so version 1
reads in the reader's language; a version staff write in the admin shows as written.

The text is frozen here on purpose: later wording changes are made by staff in the admin (copy as a
new version), never by editing this migration.
"""

from django.db import migrations
from django.utils.translation import gettext_noop
from django.utils import timezone

VERSION = 1

DIMENSIONS = [
    {
        "key": "mobility",
        "name": gettext_noop("Mobility"),
        "description": (
            gettext_noop("Moving people and goods: public transport, traffic management, parking, walking and cycling, "
            "shared and electric mobility, and the transport data that ties them together.")
        ),
        "sectors": ["mobility"],
        "esg_dimensions": ["environmental", "social"],
        "tags": ["public transport", "traffic", "parking", "cycling", "electric vehicles", "mobility data"],
        "questions": [
            (2, gettext_noop("How does the city manage traffic on its main roads?"), [
                gettext_noop("Fixed-time traffic signals; traffic is not monitored"),
                gettext_noop("Some counters or cameras; the data is looked at occasionally"),
                gettext_noop("A traffic control centre monitors the main corridors in real time"),
                gettext_noop("Adaptive traffic signals respond to live traffic on the main corridors"),
                gettext_noop("City-wide adaptive traffic control, integrated with bus priority and incident response"),
            ]),
            (2, gettext_noop("What real-time information do public transport passengers get?"), [
                gettext_noop("None: printed timetables only"),
                gettext_noop("Timetables online, no live information"),
                gettext_noop("Live arrival times on some lines or stops"),
                gettext_noop("Live information on every line in apps and at stops, published as open data (e.g. GTFS Realtime)"),
                gettext_noop("Integrated multimodal journey planning and one ticket across modes (Mobility as a Service)"),
            ]),
            (1, gettext_noop("How do people pay for public transport and parking?"), [
                gettext_noop("Cash only"),
                gettext_noop("Paper tickets and passes; card payment in a few places"),
                gettext_noop("A smart card or mobile payment on the main services"),
                gettext_noop("Contactless and mobile payment across public transport and parking"),
                gettext_noop("Account-based ticketing across all modes, with fare capping and concessions applied automatically"),
            ]),
            (1, gettext_noop("How does the city support walking, cycling and shared or electric mobility?"), [
                gettext_noop("No specific policy or infrastructure"),
                gettext_noop("Plans exist, but little has been built"),
                gettext_noop("Some protected cycle lanes, pedestrian zones or charging points"),
                gettext_noop("A connected cycling network, bike or scooter sharing and public charging in most districts"),
                gettext_noop("Active and electric mobility are the planned default, monitored with data and growing every year"),
            ]),
            (1, gettext_noop("Does the city use mobility data to plan and evaluate transport?"), [
                gettext_noop("No mobility data is collected"),
                gettext_noop("Occasional surveys and manual counts"),
                gettext_noop("Regular data from counters, ticketing or operators, analysed project by project"),
                gettext_noop("A mobility data platform combines the sources for planning and reporting"),
                gettext_noop("Planning with transport models and dashboards, with the data shared with partners and the public"),
            ]),
        ],
    },
    {
        "key": "safety",
        "name": gettext_noop("Safety"),
        "description": (
            gettext_noop("Public safety and resilience: emergency response, disaster risk and early warning for floods, "
            "storms, fires and heat, safe public spaces, and the protection of critical infrastructure.")
        ),
        "sectors": ["safety", "water"],
        "esg_dimensions": ["social"],
        "tags": ["emergency", "early warning", "flood", "disaster risk", "resilience", "public safety"],
        "questions": [
            (2, gettext_noop("How are emergencies reported and dispatched?"), [
                gettext_noop("Separate phone numbers per service; incidents logged by hand"),
                gettext_noop("One emergency number; dispatch by phone and radio"),
                gettext_noop("A computer-aided dispatch system for the main emergency services"),
                gettext_noop("An integrated emergency centre shares live locations and incident data between police, fire and ambulance"),
                gettext_noop("The integrated centre also uses live sensor and resident reports, and response times are measured and published"),
            ]),
            (2, gettext_noop("Can the city warn residents early of floods, storms, heat or other hazards?"), [
                gettext_noop("No early warning"),
                gettext_noop("National warnings are passed on by radio or notices"),
                gettext_noop("Local monitoring of some hazards; warnings by SMS or social media"),
                gettext_noop("Sensor networks and forecasts trigger targeted alerts to the residents affected"),
                gettext_noop("Multi-hazard early warning tied to evacuation plans and rehearsed in drills every year"),
            ]),
            (1, gettext_noop("Does the city have a disaster risk and resilience plan based on data?"), [
                gettext_noop("No plan"),
                gettext_noop("A plan on paper that is not kept up to date"),
                gettext_noop("Risk maps for the main hazards, updated occasionally"),
                gettext_noop("A resilience strategy with current risk maps and named responsibilities"),
                gettext_noop("Resilience is built into planning and investment, with risk data shared across departments and the public"),
            ]),
            (1, gettext_noop("How safe and well managed are public spaces after dark?"), [
                gettext_noop("Little lighting or monitoring; safety is not measured"),
                gettext_noop("Lighting and patrols in the city centre only"),
                gettext_noop("Lighting upgrades and ways to report problems in several districts"),
                gettext_noop("Smart street lighting and safety reporting city-wide; incidents are analysed to target action"),
                gettext_noop("Safety of public spaces is designed with residents, measured, and respects privacy by design"),
            ]),
        ],
    },
    {
        "key": "welfare",
        "name": gettext_noop("Welfare and health"),
        "description": (
            gettext_noop("Health care, social services, care for older people and education: how residents, above all "
            "vulnerable groups, reach welfare services and how digital tools support care and learning.")
        ),
        "sectors": ["welfare", "health", "education"],
        "esg_dimensions": ["social"],
        "tags": ["health", "social services", "elderly care", "telemedicine", "education", "welfare"],
        "questions": [
            (2, gettext_noop("How do residents apply for social benefits and welfare services?"), [
                gettext_noop("In person, on paper forms only"),
                gettext_noop("Forms can be downloaded; applications are still made in person"),
                gettext_noop("Some services can be applied for online"),
                gettext_noop("Most services online, with case tracking and assisted channels for those who need help"),
                gettext_noop("Proactive services: eligible residents are identified and offered support without applying"),
            ]),
            (2, gettext_noop("Can residents use digital health services (appointments, records, telemedicine)?"), [
                gettext_noop("No"),
                gettext_noop("Appointments by phone only"),
                gettext_noop("Online appointment booking in some clinics"),
                gettext_noop("Online booking, electronic health records and telemedicine in public clinics"),
                gettext_noop("Connected care: shared records, remote monitoring of chronic patients and data-driven public health"),
            ]),
            (1, gettext_noop("How does the city help older people and people with disabilities live independently?"), [
                gettext_noop("No specific programmes"),
                gettext_noop("Programmes exist but reach few people"),
                gettext_noop("Home care and assistance services with some digital coordination"),
                gettext_noop("Assistive technology, emergency alarms and home care coordinated across providers"),
                gettext_noop("An integrated, person-centred care model measured on independence and well-being"),
            ]),
            (1, gettext_noop("How do schools and training centres use digital tools?"), [
                gettext_noop("Few devices and no connectivity"),
                gettext_noop("Computer rooms in some schools"),
                gettext_noop("Connectivity in most schools and some digital learning resources"),
                gettext_noop("Every school connected, teachers trained and a digital learning platform in use"),
                gettext_noop("Digital skills in every curriculum, lifelong learning for adults, and results measured"),
            ]),
        ],
    },
    {
        "key": "environment",
        "name": gettext_noop("Environment"),
        "description": (
            gettext_noop("Environment, energy and climate: air quality, energy efficiency and renewable energy, water "
            "management, waste collection and recycling, green space and climate action.")
        ),
        "sectors": ["environment", "energy", "water", "waste"],
        "esg_dimensions": ["environmental"],
        "tags": ["air quality", "energy efficiency", "renewable energy", "waste", "recycling", "water", "climate"],
        "questions": [
            (2, gettext_noop("Does the city monitor air quality, noise or other environmental conditions?"), [
                gettext_noop("No monitoring"),
                gettext_noop("A few stations; the data is rarely published"),
                gettext_noop("A monitoring network whose data is published regularly"),
                gettext_noop("Dense sensor networks with real-time public data and alerts"),
                gettext_noop("Monitoring drives action: pollution episodes trigger measures whose effect is evaluated"),
            ]),
            (2, gettext_noop("How does the city manage energy use in public buildings and street lighting?"), [
                gettext_noop("Energy use is not tracked"),
                gettext_noop("Bills are tracked; there are no targets"),
                gettext_noop("Targets and some efficiency projects (e.g. LED street lighting)"),
                gettext_noop("Smart meters and an energy management system across public buildings; renewable generation on site"),
                gettext_noop("A net-zero pathway with measured progress, smart grid partnerships and a renewable supply"),
            ]),
            (1, gettext_noop("How is municipal waste collected and recycled?"), [
                gettext_noop("Irregular collection and open dumping"),
                gettext_noop("Regular collection, little recycling"),
                gettext_noop("Separate collection of recyclables in some districts"),
                gettext_noop("City-wide separate collection with optimised routes and fill-level sensors"),
                gettext_noop("A circular economy programme with measured recycling and reuse rates"),
            ]),
            (1, gettext_noop("How is the water network managed?"), [
                gettext_noop("Losses and water quality are not monitored"),
                gettext_noop("Manual inspections and meter readings"),
                gettext_noop("Metering and monitoring of the main pipes"),
                gettext_noop("Smart meters and sensors detect leaks and quality problems in real time"),
                gettext_noop("Integrated water management: leakage, storm water and reuse optimised with data"),
            ]),
            (1, gettext_noop("Does the city have a climate action plan with measurable targets?"), [
                gettext_noop("No plan"),
                gettext_noop("A commitment, but no plan"),
                gettext_noop("A plan with targets; progress is not measured"),
                gettext_noop("A plan with an emissions inventory and yearly progress reports"),
                gettext_noop("Climate targets guide every budget and investment decision and are reported publicly"),
            ]),
        ],
    },
    {
        "key": "culture",
        "name": gettext_noop("Culture and tourism"),
        "description": (
            gettext_noop("Culture, heritage, tourism and civic life: digital access to museums, libraries and events, "
            "visitor information and management, and the city's creative and cultural economy.")
        ),
        "sectors": ["culture"],
        "esg_dimensions": ["social"],
        "tags": ["culture", "tourism", "heritage", "museum", "library", "events"],
        "questions": [
            (1, gettext_noop("Can residents and visitors find and book cultural activities online?"), [
                gettext_noop("No online information"),
                gettext_noop("Information on the city website only"),
                gettext_noop("An events calendar and some online ticketing"),
                gettext_noop("One platform for events, bookings and ticketing across venues"),
                gettext_noop("Personalised, accessible cultural offers, with open event data for partners"),
            ]),
            (1, gettext_noop("Is the city's cultural heritage digitised and accessible?"), [
                gettext_noop("Nothing is digitised"),
                gettext_noop("Some collections photographed but not published"),
                gettext_noop("Parts of the archives and collections are online"),
                gettext_noop("The main collections are digitised, openly accessible and can be visited virtually"),
                gettext_noop("Heritage data is open, reused by schools and creators, and preserved to standards"),
            ]),
            (1, gettext_noop("How does the city manage tourism with data?"), [
                gettext_noop("No visitor data"),
                gettext_noop("Yearly visitor statistics"),
                gettext_noop("Visitor surveys and data from booking platforms"),
                gettext_noop("Real-time visitor flow data used to manage crowding and services"),
                gettext_noop("A sustainable tourism strategy steered by data and shared with residents and businesses"),
            ]),
            (1, gettext_noop("Does the city support creative industries and cultural participation with digital tools?"), [
                gettext_noop("No support"),
                gettext_noop("Occasional grants"),
                gettext_noop("Programmes for creative businesses and community events"),
                gettext_noop("Innovation spaces, digital creative programmes and participation from every neighbourhood"),
                gettext_noop("A measured cultural strategy that reaches every group of residents"),
            ]),
        ],
    },
    {
        "key": "governance",
        "name": gettext_noop("Governance"),
        "description": (
            gettext_noop("Digital government and participation: online public services and permits, digital identity, "
            "e-procurement, transparency of budgets and contracts, and residents' participation in decisions.")
        ),
        "sectors": ["governance"],
        "esg_dimensions": ["governance"],
        "tags": ["e-government", "online services", "digital identity", "participation", "transparency", "permits"],
        "questions": [
            (2, gettext_noop("How many municipal services (permits, certificates, taxes, fees) can be completed fully online?"), [
                gettext_noop("None"),
                gettext_noop("Information and forms online; completion in person"),
                gettext_noop("A few services fully online"),
                gettext_noop("Most services fully online, with payment and status tracking"),
                gettext_noop("Nearly all services online, with a single account and data asked for only once"),
            ]),
            (2, gettext_noop("Is there a digital strategy with leadership, budget and measured targets?"), [
                gettext_noop("No strategy"),
                gettext_noop("Digital projects run department by department"),
                gettext_noop("A strategy exists, without a dedicated budget or owner"),
                gettext_noop("A strategy with a chief digital officer or unit, a budget and targets"),
                gettext_noop("The strategy is reviewed every year against published indicators and guides every department"),
            ]),
            (1, gettext_noop("How do residents take part in decisions?"), [
                gettext_noop("Public meetings only, where the law requires them"),
                gettext_noop("Occasional online consultations"),
                gettext_noop("A participation platform used for some decisions"),
                gettext_noop("Regular digital participation, including participatory budgeting"),
                gettext_noop("Residents co-design policies and services and see how their input was used"),
            ]),
            (1, gettext_noop("How transparent is the city about budgets, contracts and performance?"), [
                gettext_noop("Little is published"),
                gettext_noop("Yearly reports as documents"),
                gettext_noop("Budgets and contracts are published online"),
                gettext_noop("Open data on budgets, procurement and service performance"),
                gettext_noop("Live transparency dashboards, used by the public and audited"),
            ]),
            (1, gettext_noop("How does the city buy technology?"), [
                gettext_noop("Ad hoc purchases without common rules"),
                gettext_noop("Standard tenders on paper"),
                gettext_noop("E-procurement for major purchases"),
                gettext_noop("E-procurement with open standards and criteria that avoid vendor lock-in"),
                gettext_noop("Innovation procurement (pilots, challenges) alongside open, interoperable contracts"),
            ]),
        ],
    },
    {
        "key": "esg",
        "name": gettext_noop("ESG and partnerships"),
        "description": (
            gettext_noop("ESG (environment, social, governance) and financing: how the city reports on sustainability, "
            "works with private partners in public-private partnerships (PPP) and finances smart "
            "sustainable projects.")
        ),
        "sectors": ["governance", "environment"],
        "esg_dimensions": ["environmental", "social", "governance"],
        "tags": ["ESG", "public-private partnership", "PPP", "green finance", "sustainability reporting", "investment"],
        "questions": [
            (2, gettext_noop("Does the city report on its environmental, social and governance (ESG) performance?"), [
                gettext_noop("No reporting"),
                gettext_noop("Some figures in general reports"),
                gettext_noop("A sustainability report aligned with the SDGs or another framework"),
                gettext_noop("Regular ESG reporting with indicators and targets"),
                gettext_noop("ESG criteria steer the budget and are verified independently"),
            ]),
            (2, gettext_noop("How does the city work with companies on smart city projects?"), [
                gettext_noop("Only as a buyer of standard goods"),
                gettext_noop("Occasional pilots with companies"),
                gettext_noop("A defined process for pilots and partnerships"),
                gettext_noop("Structured public-private partnerships with shared goals and shared risk"),
                gettext_noop("An open innovation ecosystem with test beds, start-up programmes and partnerships at scale"),
            ]),
            (1, gettext_noop("How are smart sustainable projects financed?"), [
                gettext_noop("No dedicated funding"),
                gettext_noop("Occasional grants"),
                gettext_noop("A budget line and some external funding"),
                gettext_noop("A pipeline of projects financed by grants, loans and partners"),
                gettext_noop("Innovative finance (green bonds, blended finance, PPP) with a record of delivery"),
            ]),
            (1, gettext_noop("Do ESG criteria apply to procurement and investment?"), [
                gettext_noop("No"),
                gettext_noop("Price is the only criterion"),
                gettext_noop("Environmental or social criteria in some tenders"),
                gettext_noop("ESG criteria in every major tender"),
                gettext_noop("ESG outcomes are written into contracts and monitored over their whole life"),
            ]),
        ],
    },
    {
        "key": "inclusion",
        "name": gettext_noop("Digital inclusion"),
        "description": (
            gettext_noop("Digital inclusion and human-centred services: closing the digital divide with affordable access, "
            "digital skills training and accessible design, so that services work for every resident, "
            "including older people, people with disabilities and low-income groups.")
        ),
        "sectors": ["welfare", "education", "digital_infrastructure"],
        "esg_dimensions": ["social"],
        "tags": ["digital inclusion", "digital skills", "accessibility", "digital divide", "human-centred", "public wifi"],
        "questions": [
            (2, gettext_noop("Does the city know who is digitally excluded?"), [
                gettext_noop("No information"),
                gettext_noop("National statistics only"),
                gettext_noop("A local survey of internet access and digital skills"),
                gettext_noop("Regular measurement by district and group, used to target programmes"),
                gettext_noop("Inclusion indicators reviewed and published every year, with targets met"),
            ]),
            (2, gettext_noop("What digital skills training does the city offer residents?"), [
                gettext_noop("None"),
                gettext_noop("Occasional courses"),
                gettext_noop("Regular courses in libraries or community centres"),
                gettext_noop("A programme that reaches out to older people, migrants and low-income groups"),
                gettext_noop("Free, local, tailored support for every resident, with results measured"),
            ]),
            (1, gettext_noop("Are digital public services designed for everyone (accessibility, languages, assisted channels)?"), [
                gettext_noop("Not considered"),
                gettext_noop("Some attention to accessibility"),
                gettext_noop("Accessibility standards (e.g. WCAG) on the main website"),
                gettext_noop("Services tested with users, accessible, multilingual and with assisted channels"),
                gettext_noop("Human-centred design is the rule: residents take part from the start and satisfaction is measured"),
            ]),
            (1, gettext_noop("Can every resident get affordable internet access?"), [
                gettext_noop("Many areas have no affordable access"),
                gettext_noop("Access in the city centre only"),
                gettext_noop("Public Wi-Fi in libraries and some public places"),
                gettext_noop("Free Wi-Fi in public spaces, and device lending or subsidised access for low-income households"),
                gettext_noop("Universal affordable broadband, with public access points and help with devices"),
            ]),
        ],
    },
    {
        "key": "data",
        "name": gettext_noop("Data and infrastructure"),
        "description": (
            gettext_noop("Data and digital infrastructure: broadband and connectivity, sensor and IoT networks, a shared "
            "urban data platform, open data, interoperability standards, cybersecurity and data protection.")
        ),
        "sectors": ["digital_infrastructure"],
        "esg_dimensions": ["governance"],
        "tags": ["open data", "data platform", "IoT", "sensors", "connectivity", "cybersecurity", "interoperability"],
        "questions": [
            (2, gettext_noop("How is the city's data managed and shared between departments?"), [
                gettext_noop("Each department keeps its own files"),
                gettext_noop("Some shared spreadsheets and databases"),
                gettext_noop("Data-sharing agreements for some datasets"),
                gettext_noop("A shared urban data platform with common standards"),
                gettext_noop("A governed data platform with APIs, quality rules and real-time data used by every department"),
            ]),
            (1, gettext_noop("Does the city publish open data?"), [
                gettext_noop("No"),
                gettext_noop("A few files on request"),
                gettext_noop("An open data portal with some datasets"),
                gettext_noop("A portal with many datasets in open formats, updated regularly, with APIs"),
                gettext_noop("Open by default: data used by businesses, researchers and residents, with usage measured"),
            ]),
            (2, gettext_noop("How does the city protect its systems and residents' data?"), [
                gettext_noop("No security policy"),
                gettext_noop("Basic IT security; no data protection officer"),
                gettext_noop("A security policy and a data protection officer"),
                gettext_noop("A security team, regular audits, incident response and privacy impact assessments"),
                gettext_noop("Certified security management (e.g. ISO 27001), rehearsed incident response and privacy by design"),
            ]),
            (1, gettext_noop("What connectivity and sensor infrastructure does the city have?"), [
                gettext_noop("Little broadband and no sensors"),
                gettext_noop("Broadband in the centre and a few sensors"),
                gettext_noop("Fibre or 4G in most areas and sensor pilots"),
                gettext_noop("City-wide high-speed connectivity and an IoT network used by several services"),
                gettext_noop("Shared, open infrastructure (fibre, 5G, IoT) managed as a city asset for every service and partner"),
            ]),
            (1, gettext_noop("Do the city's systems follow open standards so they can work together?"), [
                gettext_noop("No: every system stands alone"),
                gettext_noop("Some integrations, built case by case"),
                gettext_noop("Standards are used in new projects"),
                gettext_noop("Interoperability standards (e.g. open APIs) are required in all procurement"),
                gettext_noop("A reference architecture on open standards (e.g. NGSI-LD, OASC MIMs) across all systems"),
            ]),
        ],
    },
]


def load_version_1(apps, schema_editor):
    Survey = apps.get_model("cities", "Survey")
    Dimension = apps.get_model("cities", "Dimension")
    Question = apps.get_model("cities", "Question")
    AnswerOption = apps.get_model("cities", "AnswerOption")
    if Survey.objects.filter(version=VERSION).exists():
        return
    survey = Survey.objects.create(
        version=VERSION,
        title=gettext_noop("City Activator"),
        introduction=gettext_noop(
            "Where does your city stand in smart sustainable city development? Answer each question "
            "for the city as it is today. It takes about fifteen minutes; you can retake it at any "
            "time to see your progress."
        ),
        is_published=True,
        published_at=timezone.now(),
    )
    options = []
    for dimension_order, spec in enumerate(DIMENSIONS, start=1):
        dimension = Dimension.objects.create(
            survey=survey,
            key=spec["key"],
            name=spec["name"],
            description=spec["description"],
            order=dimension_order,
            sectors=spec["sectors"],
            esg_dimensions=spec["esg_dimensions"],
            tags=spec["tags"],
        )
        for question_order, (weight, text, labels) in enumerate(spec["questions"], start=1):
            question = Question.objects.create(
                dimension=dimension, text=text, order=question_order, weight=weight
            )
            options.extend(
                AnswerOption(question=question, label=label, grade=grade, order=grade)
                for grade, label in enumerate(labels)
            )
    AnswerOption.objects.bulk_create(options)


def remove_version_1(apps, schema_editor):
    Survey = apps.get_model("cities", "Survey")
    Survey.objects.filter(version=VERSION).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("cities", "0003_activator_and_plans"),
    ]

    operations = [
        migrations.RunPython(load_version_1, remove_version_1),
    ]
