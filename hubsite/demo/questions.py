"""Demo questions: three open questions in the inbox, as partners ask them, one with a
message exchange (the team asked something, the asker answered).

Idempotent: a question is looked up by its title and left alone when it exists. No mail
is queued: the askers are invented.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.accounts.models import User
from hubsite.hubs.models import Hub
from hubsite.organisations.services import matching_organisation
from hubsite.questions.models import (
    AUTHOR_ASKER,
    AUTHOR_TEAM,
    STATUS_NEW,
    Question,
    QuestionMessage,
)
from hubsite.questions.services import ACTION_MORE_INFO, ACTION_REPLY
from hubsite.timeutil import utcnow

# (hub slug or None, organisation, contact, e-mail, phone, title, what, for whom,
#  wanted in days or None, recurring, days ago)
QUESTIONS = [
    ("almelo", "Basisschool De Regenboog", "Ingrid Hofman", "i.hofman@regenboog.example.nl",
     "0546 123 456", "Een speelhuis voor ons schoolplein",
     "Ons schoolplein is kaal sinds de oude klimtoren weg moest. We zouden graag een "
     "speelhuis hebben dat leerlingen van een bouwopleiding ontwerpen en bouwen, samen met "
     "onze kinderen: zij weten het best wat er in moet. Er is een klein budget voor "
     "materiaal (ongeveer 1.500 euro) en de ouderraad helpt mee op de bouwdag.",
     "De kinderen van groep 1 tot en met 4 (ongeveer 90 kinderen)", 120, False, 6),
    (None, "Bloemen & Zo", "Kees Veldkamp", "kees@bloemenenzo.example.nl", "",
     "Een nieuwe huisstijl voor onze bloemenwinkel",
     "We bestaan 25 jaar en ons logo is nog van toen. We zoeken studenten vormgeving die "
     "een nieuwe huisstijl maken: logo, kleuren, een winkelbord en een opzet voor "
     "Instagram. Graag een paar schetsen waaruit we kunnen kiezen.",
     "Onze klanten in de wijk, jong en oud", 60, False, 2),
    ("almelo", "Gemeente Almelo", "Rachid Amrani", "r.amrani@almelo.example.nl", "",
     "Wat doen we met het lege pand aan de Grotestraat?",
     "Aan de Grotestraat staat een winkelpand al twee jaar leeg. De gemeente wil weten wat "
     "jongeren er zouden willen zien: een pop-upwinkel, een werkplaats, iets heel anders? "
     "We zoeken studenten die onderzoek doen onder leeftijdsgenoten en met ideeën komen, "
     "en die die presenteren aan de wethouder.", "Jongeren uit Almelo (16 tot 25 jaar)",
     None, True, 0),
]

# The exchange on the first question: the team asks, the asker answers.
EXCHANGE = [
    (AUTHOR_TEAM, ACTION_MORE_INFO, 5,
     "Wat een mooie vraag! Hoe groot is de plek op het plein ongeveer, en mag er in de "
     "grond gegraven worden voor een fundering?"),
    (AUTHOR_ASKER, ACTION_REPLY, 4,
     "De plek is ongeveer 4 bij 5 meter, naast de zandbak. Graven mag, tot 60 centimeter "
     "diep; de gemeente heeft dat al goedgekeurd."),
]


def seed(session: Session) -> str:
    """Add the demo questions that are missing."""
    added = 0
    host = session.scalar(sa.select(User).where(User.email == "host@example.nl"))
    for (hub_slug, organisation, contact, email, phone, title, what, for_whom, wanted_days,
         recurring, days_ago) in QUESTIONS:
        if session.scalar(sa.select(Question.id).where(Question.title == title)):
            continue
        hub = session.scalar(sa.select(Hub).where(Hub.slug == hub_slug)) if hub_slug else None
        asked_at = utcnow() - timedelta(days=days_ago, hours=3)
        question = Question(
            hub=hub, organisation=matching_organisation(session, organisation),
            organisation_name=organisation, contact_name=contact, email=email, phone=phone,
            title=title, what=what, for_whom=for_whom, recurring=recurring,
            wanted_by=date.today() + timedelta(days=wanted_days) if wanted_days else None,
            status=STATUS_NEW, created_at=asked_at, updated_at=asked_at)
        session.add(question)
        if title == QUESTIONS[0][5]:
            for author, action, ago, text in EXCHANGE:
                question.messages.append(QuestionMessage(
                    author=author, action=action, text=text,
                    user=host if author == AUTHOR_TEAM else None,
                    created_at=utcnow() - timedelta(days=ago)))
        added += 1
    session.flush()
    return f"questions: {added} added"
