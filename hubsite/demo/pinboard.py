"""Demo boards: one per hub and one for the network, with believable posts, a few matched,
one held for moderation, some comments and reactions.

Idempotent: boards are made when missing; a board that has posts is left alone.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.accounts.models import User
from hubsite.hubs.models import Hub
from hubsite.pinboard import boards, moderation, posts, together
from hubsite.pinboard.access import Viewer
from hubsite.pinboard.models import HELD, Post

# (kind, section index, title, text, author e-mail or visitor name, colour, link, link title)
ALMELO = [
    ("vraag", 0, "Studenten gezocht om onze opening te filmen",
     "Op **12 maart** openen we onze nieuwe winkel aan de Grotestraat. We zoeken twee of drie "
     "studenten die de opening willen filmen en er een korte video van maken voor Instagram. "
     "Vergoeding in overleg.", "Bakkerij De Boer", "geel", "", ""),
    ("aanbod", 1, "Workshop ‘Pitchen in 3 minuten’",
     "Wij zijn een team van vier studenten Commerciële Economie. We geven een workshop pitchen "
     "voor ondernemers en scholieren: oefenen, feedback, en een korte video van je pitch.",
     "host@example.nl", "blauw", "https://www.example.nl/pitch-workshop", "Onze workshop"),
    ("aanbod", 1, "Filmploeg van het ROC zoekt opdrachten",
     "Met z'n drieën, eigen camera en microfoons. We monteren ook. Beschikbaar in maart en april.",
     "Team Beeldmakers (ROC)", "groen", "", ""),
    ("vraag", 0, "Hoe maken we de binnenstad aantrekkelijker voor jongeren?",
     "De gemeente Almelo wil weten wat jongeren missen in de binnenstad. Wie denkt mee in een "
     "korte sessie van een uur? We zoeken vooral mbo-studenten.", "Gemeente Almelo",
     "wit", "https://www.almelo.nl", "Gemeente Almelo"),
    ("idee", 2, "Open inloop met soep op vrijdag",
     "Idee voor de open inloop: elke vrijdag soep, en een tafel waar ondernemers een vraag "
     "kunnen achterlaten.", "begeleider@example.nl", "roze", "", ""),
    ("idee", 2, "Een ‘vraag van de week’ op het raam",
     "We schrijven elke week één vraag van een ondernemer op het raam van de hub. Wie loopt "
     "er langs en heeft een antwoord?", "Lotte (student)", "paars", "", ""),
]
UTRECHT = [
    ("vraag", 0, "Wie helpt ons met een huisstijl?",
     "Startend koffiebedrijf zoekt een student vormgeving voor logo en verpakking.",
     "Koffie Kade", "geel", "", ""),
    ("aanbod", 1, "Gratis spreekuur boekhouden",
     "Elke dinsdag van 15 tot 17 uur: studenten Accountancy kijken mee naar je administratie.",
     "host.utrecht@example.nl", "blauw", "", ""),
]
NETWORK = [
    ("nieuws", 2, "Netwerkdag op 4 april in Amersfoort",
     "Alle hubs komen samen. Zet het in je agenda; reserveren via de agenda.", "admin@example.nl",
     "groen", "", ""),
    ("oproep", 0, "Ondernemers gezocht voor gastlessen",
     "Scholen in de regio zoeken ondernemers die een gastles willen geven over hun vak.",
     "admin@example.nl", "wit", "", ""),
]
HELD_POST = ("vraag", 0, "Gratis iPhones!!! Klik hier voor je casino bonus",
             "Win nu, casino bonus.", "Promo4U", "wit", "", "")


def _viewer(session: Session, author: str) -> tuple[Viewer, str]:
    if "@" in author:
        user = session.scalar(sa.select(User).where(User.email == author))
        if user is not None:
            return Viewer(user), ""
    return Viewer(None, f"demo-visitor-{abs(hash(author)) % 10**8:08d}"), author


def _fill(session: Session, board, items) -> list[Post]:
    made = []
    for kind, section_index, title, body, author, colour, link, link_title in items:
        viewer, name = _viewer(session, author)
        post = posts.create_post(
            session, board, viewer, board.sections[min(section_index, len(board.sections) - 1)],
            display_name=name, kind=kind, title=title, body=body, link_url=link,
            link_title=link_title, colour=colour)
        if post.status == HELD and post.title != HELD_POST[2]:
            # Demo visitors' posts are shown as if the team approved them already.
            post.status, post.held_reason = "published", ""
        made.append(post)
    session.flush()
    return made


def seed(session: Session) -> str:
    """Give every hub and the network a board, and fill the demo boards once."""
    network = boards.ensure_network_board(session)
    hub_boards = {hub.slug: boards.ensure_hub_board(session, hub)
                  for hub in session.scalars(sa.select(Hub).order_by(Hub.id))}
    filled = 0
    team = session.scalar(sa.select(User).where(User.email == "begeleider@example.nl"))
    visitor = session.scalar(sa.select(User).where(User.email == "bezoeker@example.nl"))
    for board, items in ((hub_boards.get("almelo"), ALMELO), (hub_boards.get("utrecht"), UTRECHT),
                         (network, NETWORK)):
        if board is None or session.scalar(sa.select(Post.id).where(Post.board_id == board.id)
                                           .limit(1)) is not None:
            continue
        made = _fill(session, board, items)
        filled += len(made)
        if board is hub_boards.get("almelo"):
            film_question, workshop, film_team = made[0], made[1], made[2]
            admin_view = Viewer(team) if team else None
            if admin_view is not None:
                posts.match_posts(session, film_question, film_team, admin_view)
                moderation.moderate_post(session, made[4], admin_view, "pin")
            _fill(session, board, [HELD_POST])
            if visitor is not None:
                fan = Viewer(visitor)
                together.add_comment(session, film_question, fan,
                                     "Wat leuk! Ik ken twee studenten van Media die dit zoeken.")
                together.toggle_reaction(session, workshop, fan)
                together.toggle_reaction(session, made[4], fan)
            if team is not None:
                together.add_comment(session, film_question, Viewer(team),
                                               "Het filmteam van het ROC heeft gereageerd, zie "
                                               "de match.")
                together.toggle_reaction(session, made[4], Viewer(team))
            board.layout = "columns"
        if board is network:
            board.layout = "stream"
    session.flush()
    return f"pinboard: {len(hub_boards) + 1} boards, {filled} new posts"
