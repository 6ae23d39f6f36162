"""The life of a question in services: asked, talked about, passed on, accepted, declined."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.mail.models import OutboxMessage
from hubsite.organisations.models import Organisation
from hubsite.organisations.signals import organisations_merged
from hubsite.projects.models import STATUS_REQUEST
from hubsite.questions import access, services
from hubsite.questions.attachments import AttachmentError, Upload, attach
from hubsite.questions.models import Question
from tests.questions.conftest import PDF_BYTES, docx_bytes, png_bytes


def _outbox() -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_asking_saves_the_question_and_queues_the_confirmation(make_question):
    question = make_question()
    assert question.status == "nieuw" and len(question.token) >= 30
    [mail] = _outbox()
    assert mail.recipient == "kees@bloemen.example.nl"
    assert f"/vragen/{question.token}" in mail.body_text
    assert "Een nieuwe huisstijl" in mail.subject


def test_a_known_partner_is_linked_at_once_a_new_name_stays_text(make_question,
                                                                  make_organisation):
    known = make_organisation(name="Gemeente Almelo", kind="overheid")
    linked = make_question(organisation_name="gemeente  almelo")
    new = make_question(organisation_name="Bakkerij Nieuw")
    assert linked.organisation_id == known.id
    assert new.organisation_id is None
    # Asking adds nothing to the partner file.
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 1


def test_accepting_makes_a_project_with_the_asker_as_client(make_question, coordinator):
    question = make_question(organisation_name="Gemeente Wierden", title="Leeg pand",
                             what="Wat doen we met het lege pand?")
    project = services.accept(db.session, question, coordinator)
    db.session.commit()
    assert project.status == STATUS_REQUEST and project.hub_id == question.hub_id
    assert (project.title, project.what) == ("Leeg pand", "Wat doen we met het lege pand?")
    assert project.client.name == "Gemeente Wierden" and project.client.kind == "overheid"
    assert question.project_id == project.id and question.status == "geaccepteerd"
    assert question.organisation_id == project.client_id
    assert "aan de slag" in _outbox()[-1].subject


def test_accepting_uses_the_existing_partner(make_question, coordinator, make_organisation):
    school = make_organisation(name="Basisschool De Regenboog", kind="onderwijs")
    question = make_question(organisation_name="Basisschool de Regenboog B.V.")
    project = services.accept(db.session, question, coordinator)
    assert project.client_id == school.id
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 1


def test_a_question_without_hub_needs_a_hub_to_be_accepted(make_question, coordinator, hub):
    question = make_question(hub=None)
    with pytest.raises(services.QuestionError) as problem:
        services.accept(db.session, question, coordinator)
    assert problem.value.field == "hub"
    project = services.accept(db.session, question, coordinator, hub=hub)
    assert project.hub_id == hub.id and question.hub_id == hub.id


def test_more_information_and_the_reply_reopen_the_question(make_question, host):
    question = make_question()
    services.ask_for_information(db.session, question, host, "Hoe groot is het plein?")
    assert question.status == "meer_info"
    assert "Hoe groot is het plein?" in _outbox()[-1].body_text
    services.reply_by_asker(db.session, question, "Vier bij vijf meter.")
    assert question.status == "nieuw"
    assert [m.action for m in question.messages] == ["meer_info", "antwoord"]


def test_the_asker_cannot_reply_when_nothing_was_asked(make_question):
    with pytest.raises(services.QuestionError):
        services.reply_by_asker(db.session, make_question(), "Hallo?")


def test_passing_on_moves_the_question_and_keeps_the_note_from_the_asker(
        make_question, coordinator, other_hub):
    question = make_question()
    services.pass_to_hub(db.session, question, coordinator, other_hub, "Past beter in Utrecht")
    assert question.hub_id == other_hub.id and question.status == "nieuw"
    assert services.conversation_for_asker(question) == []
    assert "Hub Utrecht" in _outbox()[-1].subject
    assert "Past beter" not in _outbox()[-1].body_text


def test_declining_needs_a_message_and_closes_the_question(make_question, coordinator):
    question = make_question()
    with pytest.raises(services.QuestionError):
        services.decline(db.session, question, coordinator, "  ")
    services.decline(db.session, question, coordinator, "Dit past niet bij onze opleidingen.")
    assert question.status == "afgewezen"
    with pytest.raises(services.QuestionError):
        services.accept(db.session, question, coordinator)


def test_mail_goes_out_in_the_askers_language(make_question, host):
    question = make_question(language="en")
    services.ask_for_information(db.session, question, host, "How big?")
    subjects = [m.subject for m in _outbox()]
    assert subjects[0].startswith("We received your question")
    assert subjects[1].startswith("A question about your question")


def test_who_sees_and_decides(make_question, host, coordinator, other_host, other_coordinator,
                              admin, visitor):
    mine = make_question()
    loose = make_question(hub=None)
    assert access.may_see(host, mine) and not access.may_decide(host, mine)
    assert access.may_decide(coordinator, mine) and access.may_decide(admin, mine)
    assert not access.may_see(other_host, mine) and not access.may_decide(other_coordinator, mine)
    assert not access.may_see(visitor, mine)
    # Without a hub: every coordinator, no host.
    assert access.may_decide(other_coordinator, loose) and not access.may_see(host, loose)


def test_the_inbox_lists_waiting_questions_first_with_counts(make_question, coordinator, host,
                                                             hub, other_hub):
    answered = make_question(title="Wacht op vrager")
    services.ask_for_information(db.session, answered, host, "Wanneer?")
    make_question(title="Nieuw")
    make_question(title="Zonder hub", hub=None)
    make_question(title="Elders", hub=other_hub)
    closed = make_question(title="Klaar")
    services.decline(db.session, closed, coordinator, "Nee, helaas.")
    db.session.commit()
    titles = [q.title for q in services.inbox(db.session, coordinator, hub)]
    assert titles == ["Zonder hub", "Nieuw", "Wacht op vrager"]
    assert [q.title for q in services.inbox(db.session, host, hub)] == ["Nieuw",
                                                                       "Wacht op vrager"]
    assert "Klaar" in [q.title for q in services.inbox(db.session, coordinator, hub, "alle")]
    assert services.inbox_counts(db.session, coordinator, hub) == {
        "new": 2, "waiting": 1, "open": 3, "all": 4}
    assert services.new_count(db.session, coordinator) == 2


def test_merging_organisations_moves_their_questions(make_question, make_organisation):
    source = make_organisation(name="De Regenboog")
    target = make_organisation(name="Basisschool De Regenboog")
    question = make_question(organisation_name="De Regenboog")
    assert question.organisation_id == source.id
    organisations_merged.send(source, session=db.session, target=target)
    db.session.commit()
    assert db.session.get(Question, question.id).organisation_id == target.id


def test_files_pictures_and_documents_are_checked(make_question, hub):
    question = make_question()
    picture = attach(db.session, question, Upload("plein.png", png_bytes()), 10**6, 10**7)
    pdf = attach(db.session, question, Upload("tekening.pdf", PDF_BYTES), 10**6, 10**7)
    word = attach(db.session, question, Upload("brief.docx", docx_bytes()), 10**6, 10**7)
    assert picture.image_id and picture.data is None
    assert (pdf.content_type, word.content_type.split(".")[-1]) == (
        "application/pdf", "document")
    for name, data in (("virus.pdf", b"MZ\x90\x00"), ("page.docx", b"<html><script>"),
                       ("leeg.pdf", b""), ("script.html", b"<script>alert(1)</script>"),
                       ("plaatje.png", b"%PDF-1.4 not a picture")):
        with pytest.raises(AttachmentError):
            attach(db.session, question, Upload(name, data), 10**6, 10**7)
    with pytest.raises(AttachmentError):
        attach(db.session, question, Upload("groot.pdf", PDF_BYTES + b"x" * 2000), 1000, 10**7)


def test_the_organisation_panel_lists_open_questions_for_those_who_may_see(
        make_question, make_organisation, coordinator, other_host):
    school = make_organisation(name="Basisschool De Regenboog")
    make_question(organisation_name="Basisschool De Regenboog", title="Speelhuis")
    assert [q.title for q in services.open_questions_of(db.session, coordinator, school)] == [
        "Speelhuis"]
    assert services.open_questions_of(db.session, other_host, school) == []
