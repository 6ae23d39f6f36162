"""Forms for accounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from hubsite.accounts.services import password_problem
from hubsite.forms import BaseForm as FlaskForm

EMAIL = [
    DataRequired(_l("Vul je e-mailadres in.")),
    Email(_l("Dit is geen geldig e-mailadres."), check_deliverability=False),
    Length(max=254),
]


class StrongPassword:
    """A password long and varied enough; the message says what to change."""

    def __call__(self, form, field) -> None:
        email = form.email.data if hasattr(form, "email") else None
        name = form.name.data if hasattr(form, "name") else None
        problem = password_problem(field.data or "", email, name)
        if problem:
            raise ValidationError(problem)


class RegisterForm(FlaskForm):
    name = StringField(
        _l("Naam"), validators=[DataRequired(_l("Vul je naam in.")), Length(max=120)]
    )
    email = EmailField(_l("E-mailadres"), validators=EMAIL)
    password = PasswordField(
        _l("Wachtwoord"), validators=[DataRequired(_l("Kies een wachtwoord.")), StrongPassword()]
    )


class ConfirmEmailForm(FlaskForm):
    """The page a confirmation link opens: the password chosen when registering proves
    that the person confirming is the one who registered."""

    password = PasswordField(
        _l("Je wachtwoord"),
        description=_l("Het wachtwoord dat je koos toen je je account aanmaakte."),
        validators=[DataRequired(_l("Vul je wachtwoord in."))],
    )


class ResendConfirmationForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=EMAIL)


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=EMAIL)
    password = PasswordField(
        _l("Wachtwoord"), validators=[DataRequired(_l("Vul je wachtwoord in."))]
    )
    remember = BooleanField(_l("Ingelogd blijven op dit apparaat"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=EMAIL)


class ResetPasswordForm(FlaskForm):
    """A new password, typed twice."""

    password = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[DataRequired(_l("Kies een wachtwoord.")), StrongPassword()],
    )
    confirm = PasswordField(
        _l("Herhaal het nieuwe wachtwoord"),
        validators=[EqualTo("password", _l("De wachtwoorden zijn niet gelijk."))],
    )


class ProfileForm(FlaskForm):
    name = StringField(
        _l("Naam"), validators=[DataRequired(_l("Vul je naam in.")), Length(max=120)]
    )
    locale = RadioField(
        _l("Taal"), choices=[SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")]
    )


class ChangePasswordForm(ResetPasswordForm):
    """The current password, then a new one typed twice."""

    current_password = PasswordField(
        _l("Huidig wachtwoord"), validators=[DataRequired(_l("Vul je huidige wachtwoord in."))]
    )


class ChangeEmailForm(FlaskForm):
    email = EmailField(_l("Nieuw e-mailadres"), validators=EMAIL)
    current_password = PasswordField(
        _l("Huidig wachtwoord"), validators=[DataRequired(_l("Vul je huidige wachtwoord in."))]
    )


class DeleteAccountForm(FlaskForm):
    current_password = PasswordField(
        _l("Huidig wachtwoord"), validators=[DataRequired(_l("Vul je huidige wachtwoord in."))]
    )
    confirm = BooleanField(
        _l("Ik begrijp dat mijn account en gegevens worden verwijderd"),
        validators=[DataRequired(_l("Vink dit aan om te bevestigen."))],
    )

