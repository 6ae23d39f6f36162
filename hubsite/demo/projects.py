"""Demo projects: the Stadscafé of source 000 told as a case, and a dozen more drawn from the
kinds of work in sources 001 and 004 (wijkleerbedrijven, a make centre, a speelhuis, a
huisstijl, a design challenge with vmbo pupils …). Names, dates and details are invented.

Idempotent: a project is known by its title and hub; organisations by their slug;
programmes by name, level and school.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.accounts.models import User
from hubsite.agenda.models import Event
from hubsite.hubs.models import Hub
from hubsite.organisations.models import Organisation
from hubsite.projects import services
from hubsite.projects.models import STATUS_ARCHIVED, Project
from hubsite.timeutil import utcnow

UID_SUFFIX = "@demo.ruimtevoorondernemendheid.nl"

# Organisations the foundation does not have yet: (slug, name, kind, city).
ORGANISATIONS = [
    ("gemeente-utrecht", "Gemeente Utrecht", "overheid", "Utrecht"),
    ("gemeente-amersfoort", "Gemeente Amersfoort", "overheid", "Amersfoort"),
    ("gemeente-nieuwegein", "Gemeente Nieuwegein", "overheid", "Nieuwegein"),
    ("winkelcentrum-nova", "Winkeliersvereniging Nova", "ondernemers", "Utrecht"),
    ("hogeschool-utrecht", "Hogeschool Utrecht", "onderwijs", "Utrecht"),
    ("zorgcentrum-de-eemhof", "Zorgcentrum De Eemhof", "ondernemers", "Amersfoort"),
    ("mbo-amersfoort", "MBO Amersfoort", "onderwijs", "Amersfoort"),
    ("opleidingsbedrijf-metaal-midden", "Opleidingsbedrijf Metaal Midden", "ondernemers",
     "Nieuwegein"),
    ("obs-de-regenboog", "Obs De Regenboog", "onderwijs", "Almelo"),
    ("bouwbedrijf-ter-horst", "Bouwbedrijf Ter Horst", "ondernemers", "Almelo"),
    ("bakkerij-bolk", "Bakkerij Bolk", "ondernemers", "Almelo"),
    ("fietsenmaker-van-dijk", "Fietsenmaker Van Dijk", "ondernemers", "Utrecht"),
    ("studio-eemvorm", "Studio Eemvorm Architecten", "ondernemers", "Amersfoort"),
    ("vmbo-de-eemlanden", "Vmbo De Eemlanden", "onderwijs", "Amersfoort"),
    ("cooperatie-groen-westerkwartier", "Coöperatie Groen Westerkwartier", "ondernemers",
     "Zuidhorn"),
    ("stichting-vrijheidsfestival-eemland", "Stichting Vrijheidsfestival Eemland", "ondernemers",
     "Amersfoort"),
    ("basisschool-de-wilgen", "Basisschool De Wilgen", "onderwijs", "Nieuwegein"),
    ("winkeliers-city-nieuwegein", "Winkeliers City Nieuwegein", "ondernemers", "Nieuwegein"),
]

# Study programmes: key → (name, level, school).
PROGRAMMES = {
    "horeca": ("Manager/ondernemer horeca", "mbo-4", "ROC van Twente"),
    "kok": ("Cas Spijkers Academie – kok", "mbo-4", "ROC van Twente"),
    "muzikant": ("Muzikant", "mbo-4", "ROC van Twente"),
    "retail": ("Manager retail", "mbo-4", "ROC van Twente"),
    "mce": ("Marketing, communicatie & evenementen", "mbo-4", "ROC van Twente"),
    "jad": ("Juridisch administratief dienstverlener", "mbo-4", "MBO Utrecht"),
    "hrm": ("Medewerker HRM", "mbo-4", "MBO Utrecht"),
    "helpende": ("Helpende zorg en welzijn", "mbo-2", "MBO Amersfoort"),
    "mz": ("Maatschappelijke zorg", "mbo-3", "MBO Amersfoort"),
    "mechatronica": ("Technicus mechatronica", "mbo-4", "MBO Utrecht"),
    "engineering": ("Technicus engineering", "mbo-4", "MBO Utrecht"),
    "timmerman": ("Allround timmerman", "mbo-3", "ROC van Twente"),
    "schilder": ("Schilder", "mbo-2", "ROC van Twente"),
    "media": ("Mediavormgever", "mbo-4", "ROC van Twente"),
    "media-utrecht": ("Mediavormgever", "mbo-4", "MBO Utrecht"),
    "content": ("Contentcreator", "mbo-4", "MBO Amersfoort"),
    "bwi": ("Bouwen, wonen en interieur", "vmbo", "Vmbo De Eemlanden"),
    "groen": ("Groen", "vmbo", "Vmbo Westerkwartier"),
    "installatie": ("Eerste monteur installatietechniek", "mbo-3", "MBO Utrecht"),
    "sport": ("Sport- en bewegingsleider", "mbo-3", "MBO Utrecht"),
    "pt": ("Pabo (ondersteuning)", "hbo", "Hogeschool Utrecht"),
}

TIP, TOP, PITFALL = "tip", "top", "valkuil"

STADSCAFE = "Stadscafé: gastvrijheid in de binnenstad"
HUISSTIJL_BOLK = "Huisstijl voor Bakkerij Bolk"
SOESTERKWARTIER = "Wijkleerbedrijf Soesterkwartier: dagbesteding met ouderen"

# Each project: hub, title, status, client, partners [(slug, contribution)], programmes,
# tags, the story, deelprojecten [(programme, title, description, students)], lessons
# [(kind, text)], contact (a demo account's e-mail or (name, role)), events (demo keys),
# reused_from (a title).
PROJECTS: list[dict] = [
    dict(
        hub="almelo", title=STADSCAFE, status="gearchiveerd", client="gemeente-almelo",
        starts_on=date(2025, 9, 1), ends_on=date(2025, 11, 20),
        summary="Studenten van vijf opleidingen organiseren een avond waarop bewoners, "
                "bestuurders en ondernemers de binnenstad gastvrijer maken.",
        partners=[("almelo-stadspromotie", "Medeopdrachtgever en promotie van de avond"),
                  ("ondernemersvereniging-almelo", "Bracht ondernemers voor de mystery visits"),
                  ("sok-organiseert", "Kennis over gastvrijheid, training voor studenten"),
                  ("roc-van-twente", "Locatie, docenten en vijf opleidingen")],
        programmes=["horeca", "kok", "muzikant", "retail", "mce"],
        tags=["gastvrijheid", "horeca", "evenementen", "binnenstad"],
        what="De gemeente en de stadspromotie wilden een **Stadscafé** houden over "
             "gastvrijheid, een van de drie speerpunten voor de binnenstad. Bewoners, "
             "bestuurders en ondernemers moesten elkaar die avond ontmoeten.\n\n"
             "Omdat Almelo zich een mbo-stad noemt, kwam de vraag bij de hub terecht: kan de "
             "avond op een schoollocatie, en kunnen horecastudenten de hapjes maken?",
        who="De hub bracht opdrachtgevers, een zelfstandig gastvrijheidsexpert en "
            "ondernemende docenten van vijf opleidingen aan één tafel.",
        approach="Uit een paar gesprekken met de opdrachtgevers en de docenten kwam meer dan "
                 "alleen de hapjes. Elke opleiding kreeg een eigen deel van de avond, en in "
                 "de weken ervoor ging een groep studenten dieper in op het thema: hoe "
                 "gastvrij is Almelo eigenlijk?",
        support="De hub coördineerde de deelprojecten en was het aanspreekpunt voor de "
                "opdrachtgevers. Twee projectleiders van de hub, budget uit de "
                "kwaliteitsgelden.",
        result="Ruim tachtig bezoekers, een prijs voor de meest gastvrije ondernemer en een "
               "studentenprijs, en een onderzoek naar gastvrijheid in de openbare ruimte dat "
               "de gemeente gebruikt voor haar binnenstadsplan.",
        subprojects=[
            ("horeca", "Het facilitaire deel van de avond",
             "Ontvangst, garderobe, zaalindeling en de bediening tijdens de borrel: bedacht, "
             "gepland en uitgevoerd door de studenten zelf.", "Noor, Sem, Yara en Luuk"),
            ("kok", "Een drie-gangen-hapjesdiner",
             "Een menu in drie rondes voor de bezoekers, en een crewmaaltijd voor iedereen die "
             "meewerkte.", "Team keuken leerjaar 3"),
            ("muzikant", "Muziek bij binnenkomst en borrel",
             "Een trio speelde bij de ontvangst en na afloop; de set sloot aan bij het thema.",
             ""),
            ("horeca", "Mystery visits: meest gastvrije ondernemer",
             "Na een training gastvrijheid bezochten studenten twintig ondernemers in de "
             "binnenstad, met een vaste checklist.", ""),
            ("retail", "Mystery visits: de studentenprijs",
             "Dezelfde aanpak, vanuit de ogen van jongeren: welke winkel ontvangt jou het best?",
             ""),
            ("mce", "Onderzoek naar gastvrijheid in de openbare ruimte",
             "Enquêtes op straat, foto's van bewegwijzering en bankjes, en een presentatie op de "
             "avond zelf.", ""),
        ],
        lessons=[
            (TIP, "Koppel het project aan burgerschap, ondernemend gedrag en loopbaan­"
                  "begeleiding: dan telt het ook in het curriculum en leren studenten er meer van."),
            (TIP, "Begin, ook als de uitkomst nog niet vastligt. Neem als hub de coördinatie op "
                  "je, dan hoeven docenten dat er niet naast te doen."),
            (TOP, "Studenten vonden de echte opdracht leerzamer dan een oefening op school, en "
                  "de gemeente leerde hoe jongeren naar de binnenstad kijken."),
            (PITFALL, "Niet te snel willen. Scholen en opdrachtgevers hebben een ander tempo: "
                      "spreek verwachtingen uit en leg vast dat de opdrachtgever eigenaar van "
                      "het evenement blijft."),
        ],
        contact="begeleider@example.nl", contact_role="Projectleider van de hub",
        events=["almelo-training-gastvrijheid", "almelo-mystery-briefing", "almelo-stadscafe",
                "almelo-stadscafe-terugblik"],
    ),
    dict(
        hub="almelo", title="Hapjes en gastvrouwen bij de opening van het vernieuwde stadhuis",
        status="afgerond", client="gemeente-almelo", reused_from=STADSCAFE,
        starts_on=date(2026, 1, 12), ends_on=date(2026, 2, 6),
        summary="Een kleiner vervolg op het Stadscafé: ontvangst en catering bij een opening.",
        partners=[("roc-van-twente", "Keuken en docenten")],
        programmes=["horeca", "kok"], tags=["gastvrijheid", "horeca"],
        what="De gemeente vroeg studenten om bij de opening van het vernieuwde stadhuis de "
             "gasten te ontvangen en een lunch te verzorgen voor 150 mensen.",
        approach="We gebruikten de draaiboeken van het Stadscafé. Horecastudenten deden de "
                 "ontvangst, de Cas Spijkers Academie de lunch.",
        support="De hub plande met de afdeling evenementen van de gemeente.",
        result="Een soepele opening; twee studenten kregen er een bijbaan bij een cateraar door.",
        subprojects=[("horeca", "Gastvrouwen en gastheren", "Ontvangst, garderobe en "
                      "looproutes.", "Fenna en Daan"),
                     ("kok", "Lunch voor 150 gasten", "Broodjes, soep en een zoet hapje, "
                      "met streekproducten.", "")],
        lessons=[(TIP, "Hergebruik het draaiboek van een eerder evenement: het scheelt weken."),
                 (PITFALL, "Vraag op tijd naar dieetwensen; dat kostte op de dag zelf onnodig "
                           "veel tijd.")],
        contact="host@example.nl", contact_role="Student-host",
    ),
    dict(
        hub="westerkwartier", title="Dorpscafé Zuidhorn: leefbaarheid in het dorp",
        status="aanvraag", client="gemeente-westerkwartier", reused_from=STADSCAFE,
        summary="Een avond over leefbaarheid, naar het voorbeeld van het Stadscafé in Almelo.",
        programmes=["groen"], tags=["leefbaarheid", "evenementen"],
        what="De gemeente wil een avond met inwoners over wat het dorp leefbaar houdt.",
        approach="Nog in overleg: welke opleidingen kunnen meedoen?",
    ),
    dict(
        hub="nieuwegein", title="Gastvrije winkelstraat in City Nieuwegein", status="lopend",
        client="winkeliers-city-nieuwegein", reused_from=STADSCAFE,
        starts_on=date(2026, 2, 1), ends_on=date(2026, 6, 30),
        summary="Retailstudenten doen mystery visits en adviseren winkeliers over ontvangst.",
        partners=[("gemeente-nieuwegein", "Centrummanagement")],
        programmes=["retail"], tags=["gastvrijheid", "retail", "binnenstad"],
        what="Winkeliers willen weten hoe klanten hun winkels ervaren.",
        approach="Mystery visits met de checklist van het Stadscafé, daarna per winkel een kort "
                 "advies.",
        subprojects=[("retail", "Mystery visits", "Dertig winkels, twee bezoeken per winkel.",
                      "")],
        lessons=[(TIP, "Laat winkeliers vooraf weten dat er bezoeken komen, niet wanneer.")],
        contact=("Ilse Verhoef", "Centrummanager"),
        events=["nieuwegein-werkgroep"],
    ),
    dict(
        hub="utrecht", title="Wijkleerbedrijf Kanaleneiland: juridisch spreekuur",
        status="lopend", client="gemeente-utrecht", starts_on=date(2025, 9, 1),
        summary="Bewoners krijgen kosteloos hulp bij brieven, formulieren en contracten, van "
                "studenten onder begeleiding van hbo-skills coaches.",
        partners=[("winkelcentrum-nova", "Ruimte in het winkelcentrum"),
                  ("hogeschool-utrecht", "Skills coaches uit het hbo")],
        programmes=["jad", "hrm"], tags=["wijkleerbedrijf", "juridisch", "wijk"],
        what="Veel bewoners van Kanaleneiland lopen vast op post van instanties. De gemeente "
             "zocht een laagdrempelige plek in de wijk.",
        who="Studenten van twee opleidingen, hbo-studenten als coach, de winkeliersvereniging "
            "als gastheer.",
        approach="Twee middagen per week een spreekuur in een lege winkel. Studenten werken in "
                 "duo's; een coach kijkt mee bij alles wat de deur uitgaat.",
        support="De hub regelde de ruimte, het rooster en de afspraken over privacy.",
        subprojects=[("jad", "Spreekuur brieven en formulieren", "Uitleg, invullen, "
                      "bezwaarschriften voorbereiden.", ""),
                     ("hrm", "Hulp bij sollicitaties en arbeidscontracten",
                      "Cv's, brieven en uitleg over contracten.", "")],
        lessons=[(TIP, "Maak vooraf een grens: wat doen studenten wel en wat verwijs je door?"),
                 (TOP, "Bewoners komen terug en nemen buren mee."),
                 (PITFALL, "Vergeet de privacy niet: geen kopieën van paspoorten bewaren.")],
        contact="host.utrecht@example.nl", contact_role="Student-host, planning spreekuur",
        events=["utrecht-inloop"],
    ),
    dict(
        hub="amersfoort", title=SOESTERKWARTIER, status="afgerond",
        client="zorgcentrum-de-eemhof", starts_on=date(2025, 2, 3), ends_on=date(2025, 6, 27),
        summary="Zorg- en welzijnsstudenten ondersteunen wekelijks een dagbesteding voor "
                "ouderen in de wijk.",
        partners=[("mbo-amersfoort", "Docenten en roosters"),
                  ("gemeente-amersfoort", "Wijkteam")],
        programmes=["helpende", "mz"], tags=["wijkleerbedrijf", "zorg", "ouderen"],
        what="Het zorgcentrum wilde zijn dagbesteding uitbreiden, maar had te weinig handen.",
        approach="Elke week een vaste groep studenten, met een begeleider van het zorgcentrum. "
                 "Studenten bedenken zelf een activiteit per maand.",
        support="De hub zorgde voor de koppeling met het wijkteam en de evaluaties.",
        result="Twintig ouderen kwamen vaker naar de dagbesteding; vijf studenten kozen daarna "
               "voor een stage in de ouderenzorg.",
        subprojects=[("helpende", "Wekelijkse ondersteuning", "Koffie, wandelen, spelletjes en "
                      "gesprekken.", "Groep 2B"),
                     ("mz", "Een activiteit per maand", "Een muziekmiddag, een moestuin in "
                      "bakken en een uitje naar de markt.", "")],
        lessons=[(TIP, "Werk met vaste duo's: ouderen hechten aan bekende gezichten."),
                 (TOP, "Studenten zagen hoe afwisselend werken in de ouderenzorg is."),
                 (PITFALL, "Vakanties van school en zorg lopen niet gelijk: plan die weken vooraf.")],
        contact=("Hanneke de Groot", "Coördinator dagbesteding"),
    ),
    dict(
        hub="amersfoort", title="Wijkleerbedrijf Vathorst: samen naar de buurtactiviteit",
        status="lopend", client="gemeente-amersfoort", reused_from=SOESTERKWARTIER,
        starts_on=date(2025, 10, 1),
        summary="Studenten halen bewoners op en gaan mee naar activiteiten in de buurt.",
        programmes=["helpende"], tags=["wijkleerbedrijf", "zorg", "wijk"],
        what="Eenzame bewoners komen niet vanzelf naar buurtactiviteiten.",
        approach="Gebaseerd op Soesterkwartier: vaste duo's die bewoners ophalen en begeleiden.",
        subprojects=[("helpende", "Ophalen en meegaan", "Twee middagen per week.", "")],
        lessons=[(TIP, "Bel de dag ervoor even: dan staat de bewoner klaar.")],
        events=["amersfoort-inloop"],
    ),
    dict(
        hub="nieuwegein", title="MAKE-lab: mechatronica-opdrachten uit de regio",
        status="lopend", client="techniekbedrijf-de-vonk", starts_on=date(2025, 9, 15),
        summary="Bedrijven brengen echte technische vragen in het MAKE-lab; studenten bouwen "
                "een werkend prototype.",
        partners=[("opleidingsbedrijf-metaal-midden", "Machines en praktijkbegeleiders"),
                  ("mbo-utrecht", "Opleidingen techniek")],
        programmes=["mechatronica", "engineering"], tags=["techniek", "make center", "prototype"],
        what="Regionale bedrijven hebben kleine automatiseringsvragen waar ze zelf niet aan "
             "toekomen.",
        approach="Per periode drie opdrachten. Studenten mechatronica bouwen, studenten "
                 "engineering tekenen en rekenen; het bedrijf komt twee keer kijken.",
        support="De hub haalt opdrachten op en bewaakt de planning.",
        subprojects=[("mechatronica", "Sorteerband voor een kwekerij", "Een band met sensor die "
                      "potten op grootte sorteert.", ""),
                     ("engineering", "Ontwerp en berekening", "3D-ontwerp en een kostenraming.",
                      "")],
        lessons=[(TIP, "Spreek vooraf af wie eigenaar is van het prototype."),
                 (TOP, "Een bedrijf nam twee studenten aan als bbl'er.")],
        contact=("Jeroen Mulder", "Praktijkbegeleider MAKE-lab"),
        events=["utrecht-bedrijfsbezoek"],
    ),
    dict(
        hub="almelo", title="Een speelhuis voor Obs De Regenboog", status="afgerond",
        client="obs-de-regenboog", starts_on=date(2025, 3, 3), ends_on=date(2025, 6, 20),
        summary="Timmer- en schilderstudenten ontwerpen en bouwen een speelhuis voor het "
                "schoolplein.",
        partners=[("bouwbedrijf-ter-horst", "Hout en een uitvoerder")],
        programmes=["timmerman", "schilder"], tags=["bouw", "basisschool", "buitenspelen"],
        what="De school wilde een speelhuis dat kinderen zelf mee mochten bedenken.",
        approach="Eerst een ontwerpmiddag met groep 6, dan drie bouwweken in de werkplaats en "
                 "een dag plaatsen op het plein.",
        support="De hub deed de afspraken over veiligheid en keuring.",
        result="Een speelhuis met een luik, een glijpaal en een zitbank; de kinderen openden het "
               "zelf.",
        subprojects=[("timmerman", "Ontwerp en bouw", "Tekeningen op basis van de ideeën van de "
                      "kinderen, daarna bouwen in de werkplaats.", "Bram, Jesse en Mo"),
                     ("schilder", "Afwerking in schoolkleuren", "Grondverf, lak en een "
                      "zelfontworpen bord.", "")],
        lessons=[(TIP, "Laat een keurder vroeg meekijken: speeltoestellen hebben eigen regels."),
                 (TOP, "Kinderen als opdrachtgever: de trots was aan beide kanten groot."),
                 (PITFALL, "Transport van een groot bouwwerk is een project op zich.")],
        contact="host@example.nl",
    ),
    dict(
        hub="almelo", title=HUISSTIJL_BOLK, status="gearchiveerd", client="bakkerij-bolk",
        starts_on=date(2024, 10, 1), ends_on=date(2025, 1, 31),
        summary="Mediavormgevers maken een nieuwe huisstijl voor een familiebakkerij.",
        programmes=["media"], tags=["huisstijl", "vormgeving", "ondernemers"],
        what="De bakkerij bestaat 75 jaar en wilde een frisse uitstraling, zonder het "
             "vertrouwde te verliezen.",
        approach="Drie teams maakten elk een voorstel; de bakker koos, daarna werkte één team "
                 "het uit tot logo, verpakking en gevelbord.",
        support="De hub hielp bij de briefing en het afsluitende contract over gebruiksrechten.",
        result="Een nieuw logo, zakken en dozen, en een gevelbord dat in maart hing.",
        subprojects=[("media", "Drie voorstellen", "Moodboards en schetsen, gepresenteerd in de "
                      "bakkerij.", ""),
                     ("media", "Uitwerking", "Logo, kleuren, verpakking en gevel.", "")],
        lessons=[(TIP, "Leg vooraf vast wie de rechten op het ontwerp krijgt."),
                 (TOP, "De bakker gebruikt het ontwerp nog steeds."),
                 (PITFALL, "Te veel feedbackrondes: spreek er twee af.")],
        contact=("Anouk Bolk", "Eigenaar bakkerij"),
    ),
    dict(
        hub="utrecht", title="Huisstijl voor Fietsenmaker Van Dijk", status="afgerond",
        client="fietsenmaker-van-dijk", reused_from=HUISSTIJL_BOLK,
        starts_on=date(2025, 9, 8), ends_on=date(2025, 12, 12),
        summary="Een huisstijl en een eenvoudige website voor een fietsenmaker in de wijk.",
        programmes=["media-utrecht"], tags=["huisstijl", "vormgeving", "ondernemers"],
        what="Een fietsenmaker wilde herkenbaarder worden, ook online.",
        approach="De aanpak van Bakkerij Bolk: drie voorstellen, één uitwerking, twee "
                 "feedbackrondes.",
        subprojects=[("media-utrecht", "Logo en website", "Logo, kleuren en een site van één "
                      "pagina.", "")],
        lessons=[(TIP, "Een huisstijlhandboek van twee pagina's wordt wél gelezen.")],
    ),
    dict(
        hub="amersfoort", title="Design challenge: een kamer voor de stad", status="gearchiveerd",
        client="gemeente-amersfoort", starts_on=date(2024, 9, 2), ends_on=date(2025, 3, 28),
        summary="Vmbo-leerlingen en mbo-studenten ontwerpen samen een circulaire ontmoetings­"
                "plek in de stad.",
        partners=[("studio-eemvorm", "Architecten als coach"),
                  ("vmbo-de-eemlanden", "Leerlingen bouwen, wonen en interieur")],
        programmes=["bwi", "timmerman"], tags=["circulair bouwen", "design challenge", "vmbo"],
        what="De gemeente zocht ideeën voor een kleine ontmoetingsplek van hergebruikt "
             "materiaal.",
        approach="Gemengde teams van vmbo-leerlingen en mbo-studenten. Een architect gaf drie "
                 "workshops; de beste maquette werd op ware grootte gebouwd.",
        support="De hub verzorgde de planning tussen twee scholen en het architectenbureau.",
        result="Een paviljoen van gebruikt hout en oude ramen, een zomer lang in het park.",
        subprojects=[("bwi", "Maquettes", "Vijf teams, vijf ontwerpen.", ""),
                     ("timmerman", "Bouwen op ware grootte", "Het winnende ontwerp, in zes "
                      "weken.", "")],
        lessons=[(TIP, "Mix de teams: vmbo'ers durven meer, mbo'ers weten hoe het moet."),
                 (TOP, "Leerlingen zagen wat een vervolgopleiding bouw inhoudt."),
                 (PITFALL, "Hergebruikt materiaal komt onregelmatig binnen: begin er vroeg mee.")],
        contact=("Pieter Laan", "Architect, Studio Eemvorm"),
    ),
    dict(
        hub="westerkwartier", title="Innovatiewerkplaats: een slimme kas voor de school",
        status="lopend", client="gemeente-westerkwartier", starts_on=date(2025, 11, 1),
        summary="Vmbo-leerlingen, mbo- en hbo-studenten bouwen samen een kas die zichzelf "
                "water geeft.",
        partners=[("cooperatie-groen-westerkwartier", "Kwekers als opdrachtgever"),
                  ("vmbo-westerkwartier", "Leerlingen groen"),
                  ("mbo-utrecht", "Installatietechniek op afstand")],
        programmes=["groen", "installatie"], tags=["techniek", "vmbo", "duurzaamheid"],
        what="Kwekers zoeken jongeren die techniek en groen combineren; de school wil techniek "
             "aantrekkelijker maken.",
        approach="Vmbo-leerlingen kweken, mbo-studenten bouwen sensoren en een pomp, hbo-"
                 "studenten schrijven de software.",
        subprojects=[("groen", "Kweken en meten", "Tomaten en kruiden, met dagelijkse "
                      "metingen.", ""),
                     ("installatie", "Sensoren en pomp", "Vochtmeters en een pomp op zonne-"
                      "energie.", "")],
        lessons=[(TIP, "Plan vaste momenten waarop alle drie de niveaus samen zijn.")],
        events=["westerkwartier-gastles"],
    ),
    dict(
        hub="amersfoort", title="Studio Lef: campagne voor het Vrijheidsfestival",
        status="afgerond", client="stichting-vrijheidsfestival-eemland",
        starts_on=date(2025, 2, 1), ends_on=date(2025, 5, 5),
        summary="Contentcreators maken de campagne voor een festival op 5 mei.",
        programmes=["content"], tags=["campagne", "evenementen", "media"],
        what="Het festival wilde meer jongeren bereiken.",
        approach="Studenten maakten korte video's en posters, getest bij leeftijdgenoten.",
        result="Twee keer zoveel bezoekers onder de 25.",
        subprojects=[("content", "Video's voor sociale media", "Zes korte video's.", "")],
        lessons=[(TOP, "Jongeren maken campagnes voor jongeren: dat werkte."),
                 (PITFALL, "Goedkeuring van de stichting duurde lang: spreek een termijn af.")],
        events=["amersfoort-workshop"],
    ),
    dict(
        hub="nieuwegein", title="Beweegmiddagen op Basisschool De Wilgen", status="afgerond",
        client="basisschool-de-wilgen", starts_on=date(2025, 9, 1), ends_on=date(2026, 1, 30),
        summary="Eerstejaars sportstudenten geven gymlessen en beweegmiddagen.",
        partners=[("hogeschool-utrecht", "Pabo-studenten kijken mee")],
        programmes=["sport", "pt"], tags=["sport", "basisschool"],
        what="De school had te weinig vakleerkrachten gym.",
        approach="Elke woensdag twee groepen; studenten bereiden de lessen voor met een docent.",
        result="Veertig lessen; de school wil door.",
        subprojects=[("sport", "Gymlessen groep 3 tot en met 8", "Lessen met een vaste "
                      "opbouw.", "")],
        lessons=[(TIP, "Laat studenten eerst een les meekijken voor ze zelf lesgeven.")],
        events=["nieuwegein-buurtmaaltijd"],
    ),
]


def _organisations(session: Session) -> dict[str, Organisation]:
    existing = {o.slug: o for o in session.scalars(sa.select(Organisation))}
    for slug, name, kind, city in ORGANISATIONS:
        if slug not in existing:
            existing[slug] = Organisation(slug=slug, name=name, kind=kind, city=city)
            session.add(existing[slug])
    session.flush()
    return existing


def seed(session: Session) -> str:
    """Add the demo projects that are missing; returns a summary line."""
    hubs = {h.slug: h for h in session.scalars(sa.select(Hub))}
    organisations = _organisations(session)
    programmes = {key: services.find_or_add_programme(session, *spec)
                  for key, spec in PROGRAMMES.items()}
    users = {u.email: u for u in session.scalars(sa.select(User))}
    events = {e.uid.removesuffix(UID_SUFFIX): e for e in session.scalars(
        sa.select(Event).where(Event.uid.like("%" + UID_SUFFIX)))}
    by_title = {(p.hub_id, p.title): p for p in session.scalars(sa.select(Project))}
    added = 0
    for spec in PROJECTS:
        hub = hubs.get(spec["hub"])
        if hub is None or (hub.id, spec["title"]) in by_title:
            continue
        project = _add(session, spec, hub, organisations, programmes, users, events)
        by_title[(hub.id, project.title)] = project
        added += 1
    titles = {title: p for (_hub, title), p in by_title.items()}
    for spec in PROJECTS:
        source = titles.get(spec.get("reused_from", ""))
        project = titles.get(spec["title"])
        if source is not None and project is not None and project.reused_from_id is None:
            project.reused_from_id = source.id
    session.flush()
    return f"projects: {added} demo projects added ({len(PROJECTS)} in the demo set)"


def _add(session: Session, spec: dict, hub: Hub, organisations: dict, programmes: dict,
         users: dict, events: dict) -> Project:
    contact = spec.get("contact")
    contact_fields: dict = {}
    if isinstance(contact, str) and contact in users:
        contact_fields = {"contact_user_id": users[contact].id,
                          "contact_role": spec.get("contact_role", "")}
    elif isinstance(contact, tuple):
        contact_fields = {"contact_name": contact[0], "contact_role": contact[1]}
    client = organisations.get(spec.get("client", ""))
    project = services.create_project(
        session, hub, spec["title"], status=spec["status"],
        client_id=client.id if client else None, starts_on=spec.get("starts_on"),
        ends_on=spec.get("ends_on"), summary=spec.get("summary", ""),
        **{name: spec.get(name, "") for name in ("what", "who", "approach", "support",
                                                 "result")},
        **contact_fields)
    if project.status == STATUS_ARCHIVED:
        project.archived_at = utcnow()
    for slug, contribution in spec.get("partners", []):
        services.add_partner(session, project, organisations[slug], contribution)
    project.programmes = [programmes[key] for key in spec.get("programmes", [])]
    services.set_tags(session, project, spec.get("tags", []))
    for key, title, description, students in spec.get("subprojects", []):
        services.add_subproject(session, project, title, description, programmes[key].id,
                                students)
    for kind, text in spec.get("lessons", []):
        services.add_lesson(session, project, kind, text)
    for key in spec.get("events", []):
        if key in events:
            services.link_event(session, project, events[key])
            if project.image_id is None and events[key].image_id is not None:
                # The activity's picture is the project's cover until the team sets one.
                project.image_id = events[key].image_id
                project.image_alt = events[key].image_alt
    return project
