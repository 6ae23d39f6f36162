"""Register, log in and out, reset and change password, manage the account."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user, user_logged_in
from sqlalchemy.exc import IntegrityError

from hubsite.accounts import services
from hubsite.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmEmailForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResendConfirmationForm,
    ResetPasswordForm,
)
from hubsite.accounts.models import User
from hubsite.accounts.permissions import login_url_for_current_page
from hubsite.extensions import configured_limit, db, limiter, login_manager
from hubsite.i18n import LOCALE_COOKIE, current_language
from hubsite.rendering import htmx_redirect, render
from hubsite.timeutil import utcnow
from hubsite.urls import absolute_url, safe_next_url

bp = Blueprint("accounts", __name__)


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    # Module-level receiver, connected once: blinker keeps only weak references.
    user_logged_in.connect(_start_login_session)
    app.teardown_request(_note_last_seen)

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        """The person of a session or remember-me cookie, unless that log-in has ended."""
        found = services.user_for_login(db.session, user_id)
        if found is None:
            return None
        user, login = found
        if login.last_seen_at < utcnow() - services.LAST_SEEN_EVERY:
            g.login_seen = login.id
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        return redirect_to_login()

    # `require()` and `abort(401)` anywhere: log in first (errors.py only renders).
    app.register_error_handler(401, lambda error: redirect_to_login())


def _start_login_session(app: Flask, user: User, **extra) -> None:
    """Every `login_user`, wherever it is called, starts a log-in session on the server.

    Flask-Login has already stored `user.get_id()`; store it again now that it names
    the new session (the remember-me cookie is written from it after the request).
    Callers log in after their own commit, so this commit holds only the new row.
    """
    services.start_login_session(db.session, user)
    db.session.commit()
    session["_user_id"] = user.get_id()


def _note_last_seen(error: BaseException | None) -> None:
    """Write a session's "last seen" once the request is over (at most every 15 min)."""
    login_id = g.pop("login_seen", None)
    if login_id is None:
        return
    try:
        db.session.rollback()  # what the request left uncommitted is dropped anyway
        services.note_login_seen(db.session, login_id)
        db.session.commit()
    except Exception:  # a missed "last seen" must not fail anything
        db.session.rollback()
        current_app.logger.exception("Recording when a session was last seen failed")


def current_login_token() -> str | None:
    """The token of the log-in session of this request (from the session cookie)."""
    return str(session.get("_user_id", "")).partition(":")[2] or None


def _renew_login(user: User) -> None:
    """After every session of the person was ended, keep this device logged in."""
    remembered = current_app.config["REMEMBER_COOKIE_NAME"] in request.cookies
    login_user(user, remember=remembered)


def redirect_to_login() -> Response:
    """Send a visitor to the log-in page; htmx gets a full-page redirect, not a swap."""
    target = login_url_for_current_page()
    if request.htmx:  # type: ignore[attr-defined]
        return htmx_redirect(target, status=401)
    flash(_("Log in om verder te gaan."), "info")
    return redirect(target)





def _login_email() -> str:
    return services.normalise_email(request.form.get("email", ""))


def _address_and_email_key() -> str:
    return f"login-pair:{get_remote_address()}:{_login_email()}"


def _email_key() -> str:
    return "login-email:" + _login_email()


# The address a registration was sent for, shown on the "check your mail" page.
CHECK_MAIL_KEY = "check_mail_address"


def _register_email_key() -> str:
    return "register-email:" + _login_email()


def _confirm_url(token: str) -> str:
    return absolute_url("accounts.confirm_email", token=token)


def _reset_url(token: str) -> str:
    return absolute_url("accounts.reset_password", token=token)


# Per address, and per e-mail so that nobody floods one inbox from many addresses.
@bp.route("/registreren", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
@limiter.limit("5 per hour", methods=["POST"], key_func=_register_email_key)
def register():
    """Ask for an account. Whether or not the address has one, the answer is the same
    "check your mail" page: a new account is confirmed through a mailed link, the
    owner of an existing one gets a mail that someone tried."""
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = RegisterForm()
    if form.validate_on_submit():
        services.request_registration(
            db.session,
            form.name.data,
            form.email.data,
            form.password.data,
            current_app.config["SECRET_KEY"],
            locale=_locale(),
            confirm_url_for=_confirm_url,
            confirm_seconds=current_app.config["EMAIL_CONFIRM_SECONDS"],
            reset_url_for=_reset_url,
            login_url=absolute_url("accounts.login"),
        )
        try:
            db.session.commit()
        except IntegrityError:
            # The same new address registered twice at the same moment: the other request
            # made the account and sent its mail; this one answers the same.
            db.session.rollback()
        session[CHECK_MAIL_KEY] = services.normalise_email(form.email.data)
        return redirect(url_for("accounts.check_mail"), 303)
    status = 422 if form.is_submitted() else 200
    return render("accounts/register.html", form=form, status=status)


@bp.get("/registreren/kijk-in-je-mail")
def check_mail():
    """After registering: which address to look in, and what to do without a mail."""
    return render("accounts/check_mail.html", address=session.get(CHECK_MAIL_KEY))


@bp.route("/registreren/bevestigen/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    """The link from the confirmation mail: a page that asks for the password chosen when
    registering, then confirms the address and logs in.

    Opening the link changes nothing, so a mail scanner that follows links confirms
    nothing. The password proves that whoever confirms also registered: a link that
    someone else's registration sent to this address cannot hand its owner an account
    whose password a stranger knows.
    """
    user = services.user_for_confirmation_token(
        db.session,
        token,
        current_app.config["SECRET_KEY"],
        current_app.config["EMAIL_CONFIRM_SECONDS"],
    )
    if user is None:
        return _confirmation_link_dead()
    form = ConfirmEmailForm()
    if form.validate_on_submit():
        if user.check_password(form.password.data):
            if current_user.is_authenticated:  # someone else on this device: their session ends
                services.end_login_session(db.session, current_user, current_login_token())
            services.confirm_email(db.session, user)
            db.session.commit()
            login_user(user)
            flash(_("Welkom, %(name)s! Je e-mailadres is bevestigd.", name=user.name), "success")
            return redirect(url_for("accounts.account"))
        form.password.errors.append(_(
            "Dit wachtwoord hoort niet bij deze aanvraag. Registreerde je later nog eens? "
            "Gebruik dan de link uit de nieuwste mail, of kies een nieuw wachtwoord."))
    return render("accounts/confirm_email.html", form=form, user=user,
                  status=422 if form.is_submitted() else 200)


def _confirmation_link_dead():
    return render("accounts/resend_confirmation.html", form=ResendConfirmationForm(),
                  link_dead=True, status=400)


@bp.route("/registreren/nieuwe-link", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"])
def resend_confirmation():
    """Ask for a new confirmation link; the answer does not say whether one was sent."""
    form = ResendConfirmationForm()
    if form.validate_on_submit():
        services.resend_confirmation(
            db.session,
            form.email.data,
            current_app.config["SECRET_KEY"],
            _confirm_url,
            current_app.config["EMAIL_CONFIRM_SECONDS"],
        )
        db.session.commit()
        flash(
            _(
                "Als er een account dat nog bevestigd moet worden bij dit e-mailadres hoort, "
                "hebben we een nieuwe bevestigingslink gestuurd."
            ),
            "info",
        )
        return redirect(url_for("accounts.login"))
    status = 422 if form.is_submitted() else 200
    return render("accounts/resend_confirmation.html", form=form, status=status)


def _locale() -> str:
    return current_language()


def _count_failure(response) -> bool:
    return response.status_code == 422


# Failed log-ins are counted three ways. Strictly per address and e-mail, so one
# guesser is stopped soon; more gently per address, so a whole school behind one
# address is not locked out by one person's typing; and more gently per e-mail, so
# that someone failing on purpose from elsewhere cannot lock an account out.
@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(configured_limit("LOGIN_RATE_LIMIT"), methods=["POST"], key_func=_address_and_email_key,
               deduct_when=_count_failure)
@limiter.limit(configured_limit("LOGIN_ADDRESS_RATE_LIMIT"), methods=["POST"], deduct_when=_count_failure)
@limiter.limit(configured_limit("LOGIN_EMAIL_RATE_LIMIT"), methods=["POST"], key_func=_email_key,
               deduct_when=_count_failure)
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(safe_next_url(request.args.get("next")))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = services.authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            flash(_("Je bent ingelogd."), "success")
            # A hub team member without a `next` lands on "Mijn hub" (hubsite.hubs).
            landing = request.args.get("next") or not getattr(user, "memberships", None)
            return redirect(safe_next_url(request.args.get("next")) if landing
                            else url_for("dashboard.mine"))
        # One message for a wrong password, an unknown address and an account not
        # confirmed yet, so that log-in tells nobody which addresses registered.
        error = _(
            "Dit e-mailadres en wachtwoord horen niet bij elkaar, of het account is nog niet "
            "bevestigd. Probeer het opnieuw. Heb je net een account gemaakt? Bevestig het "
            "dan eerst via de link in je mail."
        )
    status = 422 if form.is_submitted() else 200
    return render("accounts/login.html", form=form, error=error, status=status)


@bp.post("/uitloggen")
def logout():
    """Log out (a POST, so another site cannot log people out); the session ends on the
    server, so a copy of the cookie no longer works either."""
    if current_user.is_authenticated:
        services.end_login_session(db.session, current_user, current_login_token())
        db.session.commit()
    logout_user()
    flash(_("Je bent uitgelogd."), "success")
    return redirect(url_for("pages.home"))


@bp.post("/account/overal-uitloggen")
@login_required
def logout_everywhere():
    """End every session of the person, on this device and all others."""
    services.end_all_login_sessions(db.session, current_user)
    db.session.commit()
    logout_user()
    flash(_("Je bent uitgelogd op al je apparaten."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"])
def forgot_password():
    """Ask for a password-reset link by e-mail."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(
            db.session,
            form.email.data,
            current_app.config["SECRET_KEY"],
            _reset_url,
        )
        db.session.commit()
        flash(
            _(
                "Als er een account bij dit e-mailadres hoort, hebben we een link gestuurd "
                "om een nieuw wachtwoord te kiezen."
            ),
            "info",
        )
        return redirect(url_for("accounts.login"))
    status = 422 if form.is_submitted() else 200
    return render("accounts/forgot_password.html", form=form, status=status)


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password through the link from the e-mail (which also confirms the
    address of an account that was not confirmed yet)."""
    user = services.user_for_reset_token(
        db.session,
        token,
        current_app.config["SECRET_KEY"],
        current_app.config["PASSWORD_RESET_SECONDS"],
    )
    if user is None:
        flash(_("Deze link is verlopen of al gebruikt. Vraag een nieuwe aan."), "error")
        return render("accounts/forgot_password.html", form=ForgotPasswordForm(), status=400)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(db.session, user, form.password.data)
        db.session.commit()
        login_user(user)
        flash(_("Je wachtwoord is gewijzigd."), "success")
        return redirect(url_for("accounts.account"))
    status = 422 if form.is_submitted() else 200
    return render("accounts/reset_password.html", form=form, status=status)


def _account_page(status: int = 200, **forms):
    defaults = {
        "profile_form": ProfileForm(obj=current_user, prefix="profile"),
        "password_form": ChangePasswordForm(prefix="password"),
        "email_form": ChangeEmailForm(prefix="email"),
        "delete_form": DeleteAccountForm(prefix="delete"),
    }
    defaults.update(forms)
    return render("accounts/account.html", status=status, **defaults)


@bp.get("/account")
@login_required
def account():
    """The person's own page: profile, password, e-mail, calendar link, deletion."""
    return _account_page()


@bp.post("/account/profiel")
@login_required
def update_profile():
    form = ProfileForm(prefix="profile")
    if not form.validate_on_submit():
        return _account_page(422, profile_form=form)
    current_user.name = form.name.data.strip()
    current_user.locale = form.locale.data
    db.session.commit()
    flash(_("Je gegevens zijn opgeslagen."), "success")
    response = redirect(url_for("accounts.account"))
    response.set_cookie(
        LOCALE_COOKIE,
        form.locale.data,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
    )
    return response


@bp.post("/account/wachtwoord")
@login_required
def change_password():
    form = ChangePasswordForm(prefix="password")
    if form.validate_on_submit():
        if current_user.check_password(form.current_password.data):
            user = current_user._get_current_object()
            services.change_password(db.session, user, form.password.data)
            db.session.commit()
            _renew_login(user)  # other sessions end with the old password; this one carries on
            flash(_("Je wachtwoord is gewijzigd."), "success")
            return redirect(url_for("accounts.account"))
        form.current_password.errors.append(_("Dit is niet je huidige wachtwoord."))
    return _account_page(422, password_form=form)


@bp.post("/account/e-mail")
@login_required
def change_email():
    form = ChangeEmailForm(prefix="email")
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append(_("Dit is niet je huidige wachtwoord."))
        else:
            try:
                services.change_email(db.session, current_user, form.email.data)
            except services.AccountError as error:
                form.email.errors.append(str(error))
            else:
                db.session.commit()
                _renew_login(current_user._get_current_object())
                flash(_("Je e-mailadres is gewijzigd."), "success")
                return redirect(url_for("accounts.account"))
    return _account_page(422, email_form=form)


@bp.post("/account/agenda-link")
@login_required
def renew_calendar_link():
    """Give the private calendar feed a new address; the old one stops working."""
    services.renew_calendar_token(current_user)
    db.session.commit()
    flash(_("Je persoonlijke agenda-link is vernieuwd. De oude link werkt niet meer."), "success")
    return redirect(url_for("accounts.account"))


@bp.post("/account/verwijderen")
@login_required
def delete_account():
    form = DeleteAccountForm(prefix="delete")
    if form.validate_on_submit():
        if current_user.check_password(form.current_password.data):
            user = db.session.get(User, current_user.id)
            logout_user()
            services.delete_account(db.session, user)
            db.session.commit()
            flash(_("Je account en je gegevens zijn verwijderd."), "success")
            return redirect(url_for("pages.home"))
        form.current_password.errors.append(_("Dit is niet je huidige wachtwoord."))
    return _account_page(422, delete_form=form)

