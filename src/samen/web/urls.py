from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from samen.web import views
from samen.web.forms import NewPasswordForm, PasswordResetRequestForm

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen", views.LoginView.as_view(), name="login"),
    path("uitloggen", views.LogoutView.as_view(), name="logout"),
    path(
        "wachtwoord-vergeten",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetRequestForm,
            template_name="web/password_reset_form.html",
            email_template_name="web/password_reset_email.txt",
            subject_template_name="web/password_reset_subject.txt",
            success_url=reverse_lazy("web:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd",
        auth_views.PasswordResetDoneView.as_view(template_name="web/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=NewPasswordForm,
            template_name="web/password_reset_confirm.html",
            success_url=reverse_lazy("web:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/gereed",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="web/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("profiel", views.profile, name="profile"),
    path("profiel/tokens", views.create_token, name="token_create"),
    path("profiel/tokens/<uuid:pk>/intrekken", views.revoke_token, name="token_revoke"),
    path("taal", views.switch_language, name="language"),
    path("toegankelijkheid", views.accessibility, name="accessibility"),
]
