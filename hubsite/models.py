"""Every capability's models, imported in one place for the app and for Alembic."""

from hubsite.accounts.models import User  # noqa: F401
from hubsite.agenda.models import ActivityType, Event, Occurrence  # noqa: F401
from hubsite.bookings.models import Booking  # noqa: F401
from hubsite.collaboration.models import Offer, offer_programmes  # noqa: F401
from hubsite.data_version import DataVersion  # noqa: F401
from hubsite.hubs.models import Hub, HubMembership, Invitation  # noqa: F401
from hubsite.mail.models import OutboxMessage  # noqa: F401
from hubsite.media.models import Image, ImageVariant  # noqa: F401
from hubsite.onsite.models import HubScreen  # noqa: F401
from hubsite.organisations.models import (  # noqa: F401
    ContactLogEntry,
    ContactPerson,
    Organisation,
    PendingImport,
)
from hubsite.partners.models import (  # noqa: F401
    DigestDelivery,
    DigestSubscription,
    Outreach,
    organisation_programmes,
)
from hubsite.pinboard.models import (  # noqa: F401
    Board,
    Comment,
    Follow,
    Post,
    Reaction,
    Report,
    Section,
)
from hubsite.projects.models import (  # noqa: F401
    Attachment,
    Lesson,
    Programme,
    Project,
    ProjectPartner,
    SubProject,
    Tag,
)
from hubsite.questions.models import Question, QuestionAttachment, QuestionMessage  # noqa: F401
