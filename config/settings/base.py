"""SmartRural settings. Production differs from the demo only by environment variables."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from smartrural.core.dburl import parse_database_url, sqlite_config
from smartrural.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(env_str("SMARTRURAL_VAR_DIR") or BASE_DIR / "var")

DEMO_MODE = env_bool("SMARTRURAL_DEMO", False)
TESTING = env_bool("SMARTRURAL_TESTING", False)
DEBUG = env_bool("DEBUG", False)

_secret = env_str("SECRET_KEY")
if _secret is None:
    if not (DEMO_MODE or TESTING or DEBUG):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set outside demo and test mode."
        )
    _secret = "insecure-demo-key-only-for-local-demo-and-tests-0123456789abcdef"  # noqa: S105
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The province this installation serves (one installation, one province).
PROVINCE_NAME = env_str("SMARTRURAL_PROVINCE_NAME", "Tỉnh Trà Vinh")
PROVINCE_CODE = env_str("SMARTRURAL_PROVINCE_CODE", "84")
SITE_NAME = "SmartRural"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "smartrural.core",
    "smartrural.geo",
    "smartrural.accounts",
    "smartrural.criteria",
    "smartrural.recognition",
    "smartrural.reports",
    "smartrural.transformation",
    "smartrural.outreach",
    "smartrural.feedback",
    "smartrural.surveys",
    "smartrural.portal",
    "smartrural.demo",
    # Portals (smartrural.portal) run on Wagtail.
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "taggit",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "smartrural.core.overload.OverloadMiddleware",
    "smartrural.core.middleware.LanguageMiddleware",
    # Before anything looks a cookie, a code or a parameter up (smartrural.core.middleware).
    "smartrural.core.middleware.NulGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "smartrural.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "smartrural.portal.middleware.PortalAdminMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "smartrural.core.context_processors.site",
            ],
        },
    },
]

# Overload (smartrural.core.overload, smartrural.core.deadline): a writer waits this long for
# the database's write lock (SQLite busy timeout, PostgreSQL lock_timeout) before the request
# answers 503 with Retry-After; every request is stopped (503) past its time limit; an import
# takes at most this many rows per request (413 / a form error naming the limit), so that its
# write transaction stays short (bench/imports.py measures it).
DB_LOCK_WAIT_SECONDS = env_int("DB_LOCK_WAIT_SECONDS", 5)
REQUEST_TIME_LIMIT_SECONDS = env_int("REQUEST_TIME_LIMIT_SECONDS", 30)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 10000)

_database_url = env_str("DATABASE_URL")
if not _database_url:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": (
        parse_database_url(_database_url, base_dir=BASE_DIR, lock_wait_seconds=DB_LOCK_WAIT_SECONDS)
        if _database_url
        else sqlite_config(VAR_DIR / "smartrural.sqlite3", lock_wait_seconds=DB_LOCK_WAIT_SECONDS)
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "smartrural.accounts.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Login protection (django-axes): lock a username from an address after repeated failures.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Two-factor authentication (TOTP, django-otp).
REQUIRE_2FA_FOR_STAFF = env_bool("REQUIRE_2FA_FOR_STAFF", False)
OTP_TOTP_ISSUER = "SmartRural"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Our catalogue, then the Vietnamese of the Wagtail admin (Wagtail ships a small part of it).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
# Off: years and codes are numbers too ("2.023" would be wrong); big figures use intcomma.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Served at the site's root by WhiteNoise: /favicon.ico, which browsers ask for by that name.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
# Evidence files and dossier documents: PDF, images and Office files up to this size.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# Uploaded spreadsheets and images are read within limits (a workbook is a zip: a few KB can
# stand for millions of cells; a small PNG can declare gigapixels). See core/spreadsheets.py.
SPREADSHEET_MAX_CELLS = env_int("SPREADSHEET_MAX_CELLS", 200_000)
SPREADSHEET_MAX_INFLATED_BYTES = env_int("SPREADSHEET_MAX_INFLATED_BYTES", 20 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 50_000_000)
# Photos residents send (feedback): the largest accepted upload, and the longer side they are
# scaled down to before they are stored (re-encoded as JPEG without metadata).
PHOTO_MAX_BYTES = env_int("PHOTO_MAX_BYTES", 8 * 1024 * 1024)
PHOTO_MAX_SIDE = env_int("PHOTO_MAX_SIDE", 1600)
# A slippy-map tile server ("https://tile.example.org/{z}/{x}/{y}.png"); empty: no map, places
# are chosen from the list of hamlets and communes.
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "")
# An overdue report moves to the level above at most once in this many working days.
FEEDBACK_ESCALATION_WORKING_DAYS = env_int("FEEDBACK_ESCALATION_WORKING_DAYS", 5)
if FEEDBACK_ESCALATION_WORKING_DAYS < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("FEEDBACK_ESCALATION_WORKING_DAYS must be at least 1.")
# Residents' reports (feedback): reports per client address an hour and a day, per phone a day;
# wrong tracking codes per address an hour; days a tracking code still opens the status page
# after the report was closed or refused.
FEEDBACK_RATE_PER_HOUR = env_int("FEEDBACK_RATE_PER_HOUR", 5)
FEEDBACK_RATE_PER_DAY = env_int("FEEDBACK_RATE_PER_DAY", 20)
FEEDBACK_RATE_PER_PHONE_DAY = env_int("FEEDBACK_RATE_PER_PHONE_DAY", 3)
FEEDBACK_TRACKING_MISSES_PER_HOUR = env_int("FEEDBACK_TRACKING_MISSES_PER_HOUR", 20)
FEEDBACK_TRACKING_DAYS_AFTER_CLOSE = env_int("FEEDBACK_TRACKING_DAYS_AFTER_CLOSE", 180)
# A public list's content stays in the cache at most this long (seconds); every report event and
# category edit replaces it at once (``feedback.public.views.unit_reports``), this bounds the rest
# (a place renamed, a succession recorded).
FEEDBACK_LIST_CACHE_SECONDS = env_int("FEEDBACK_LIST_CACHE_SECONDS", 300)
# The address of this site as residents reach it, for links in e-mails sent by background tasks
# (no request to take the host from).
SITE_URL = (env_str("SITE_URL", "http://localhost:8000") or "").rstrip("/")

# Portals (smartrural.portal, Wagtail). A page's rendering stays in the cache at most this long
# (seconds); publishing anything in a portal replaces it at once.
PORTAL_PAGE_CACHE_SECONDS = env_int("PORTAL_PAGE_CACHE_SECONDS", 600)
# Residents' comments on a draft plan: per client address an hour and a day (on any plan).
PORTAL_COMMENT_RATE_PER_HOUR = env_int("PORTAL_COMMENT_RATE_PER_HOUR", 5)
PORTAL_COMMENT_RATE_PER_DAY = env_int("PORTAL_COMMENT_RATE_PER_DAY", 20)
WAGTAIL_SITE_NAME = "SmartRural"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no officer's e-mail hash sent to a third party
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # addresses without diacritics: /xa/ngai-xuyen/
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAILSEARCH_BACKENDS: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "wagtail.search.backends.database"}
}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = PHOTO_MAX_BYTES
WAGTAILIMAGES_MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# Every photo re-encoded without metadata (EXIF position, camera) on upload.
WAGTAILIMAGES_IMAGE_FORM_BASE = "smartrural.portal.forms.PortalImageForm"
WAGTAILADMIN_COMMENTS_ENABLED = False
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "webp": "webp"}
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILADMIN_LOGIN_URL = "accounts:login"
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "image"]
        },
    }
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000  # Wagtail's page and permission forms

# Free text (comments, reasons, descriptions; a TextField has no length of its own) is refused
# beyond this many characters, in pages, the API and imports alike.
TEXT_MAX_CHARS = env_int("TEXT_MAX_CHARS", 5000)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Background tasks: django-tasks with its database backend (RQ + Redis at scale).
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
SCHEDULER_ENABLED = env_bool("SCHEDULER_ENABLED", True)

# E-mail (password reset; later notices). Default: SMTP on the given host.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEMO_MODE
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SmartRural <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Sessions and transport security. HTTPS is assumed outside the demo and DEBUG.
HTTPS = env_bool("SMARTRURAL_HTTPS", not (DEMO_MODE or DEBUG or TESTING))
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every response (django-csp): scripts, styles and everything else
# only from our own origin, no inline script or style (not even our own: data travel as JSON
# blocks, colours as classes), no plugins, no framing. Images may be data: URIs (Leaflet's and
# the API docs' icons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if MAP_TILE_URL:
    # The map of the report form loads its tiles from the configured tile server.
    _tiles = urlsplit(MAP_TILE_URL)
    _host = _tiles.netloc.replace("{s}", "*")  # a, b, c… subdomains
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_tiles.scheme}://{_host}")
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SILENCED_SYSTEM_CHECKS: list[str] = []
if not SECURE_HSTS_PRELOAD:
    # Preloading is a one-way decision for the province's domain, not a default.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A 403 is one line (method, path, user id, reason), not a traceback.
    "filters": {"forbidden": {"()": "smartrural.core.logfilters.PermissionDeniedOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.request": {"filters": ["forbidden"]},
    },
}

# Finished background task results are pruned after this many days (core.prune_task_results).
TASK_RESULTS_KEEP_DAYS = env_int("TASK_RESULTS_KEEP_DAYS", 14)

# Recognition dossiers (QĐ 18/2022). The commune satisfaction threshold and the deadlines are
# not confirmed from the legal text ([U] in DOMAIN.md): configurable, defaults are placeholders.
RECOGNITION_SATISFACTION_THRESHOLD = env_int("RECOGNITION_SATISFACTION_THRESHOLD", 90)
# Residents' satisfaction surveys (QĐ 18/2022, QĐ 320: a district ≥ 90% overall and ≥ 80% on
# each content in every commune; the commune's overall rate is the recognition threshold above).
SURVEY_COMMUNE_OVERALL_MIN = env_int(
    "SURVEY_COMMUNE_OVERALL_MIN", RECOGNITION_SATISFACTION_THRESHOLD
)
SURVEY_DISTRICT_OVERALL_MIN = env_int("SURVEY_DISTRICT_OVERALL_MIN", 90)
SURVEY_CONTENT_MIN = env_int("SURVEY_CONTENT_MIN", 80)
SURVEY_COVERAGE_MIN = env_int("SURVEY_COVERAGE_MIN", 70)
# Households drawn per hamlet: above the coverage asked, since some will not be reached.
SURVEY_SAMPLE_SHARE = env_int("SURVEY_SAMPLE_SHARE", 80)
# Residents' opinions on a public consultation, per client address (as the plans' comments).
SURVEY_OPINION_RATE_PER_HOUR = env_int("SURVEY_OPINION_RATE_PER_HOUR", 5)
SURVEY_OPINION_RATE_PER_DAY = env_int("SURVEY_OPINION_RATE_PER_DAY", 20)
# Outreach (notices to residents; docs/outreach.md). Each channel's adapter, its rate (messages
# a second, 0: no limit), its daily quota (0: none) and its price per message in VND (reports).
OUTREACH_ADAPTERS = {
    "email": "smartrural.outreach.channels.email.EmailAdapter",
    "zns": "smartrural.outreach.channels.zalo.ZnsAdapter",
    "zalo_oa": "smartrural.outreach.channels.zalo.ZaloOaAdapter",
    "sms": "smartrural.outreach.channels.sms.SmsGatewayAdapter",
    "facebook": "smartrural.outreach.channels.facebook.FacebookPageAdapter",
}
OUTREACH_RATES = {
    "email": env_int("OUTREACH_EMAIL_RATE", 20),
    "zns": env_int("OUTREACH_ZNS_RATE", 50),
    "zalo_oa": env_int("OUTREACH_ZALO_OA_RATE", 20),
    "sms": env_int("OUTREACH_SMS_RATE", 30),
    "facebook": env_int("OUTREACH_FACEBOOK_RATE", 1),
}
OUTREACH_DAILY_QUOTAS = {
    "zns": env_int("OUTREACH_ZNS_DAILY_QUOTA", 0),
    "zalo_oa": env_int("OUTREACH_ZALO_OA_DAILY_QUOTA", 0),
    "sms": env_int("OUTREACH_SMS_DAILY_QUOTA", 0),
}
OUTREACH_COSTS = {
    "zns": env_int("OUTREACH_ZNS_COST", 300),
    "sms": env_int("OUTREACH_SMS_COST", 800),  # per segment
}
# The approved ZNS template residents' report news goes out with (empty: SMS only); its data
# are ``ma_phan_anh`` (the report's number) and ``trang_thai`` (its status).
OUTREACH_FEEDBACK_ZNS_TEMPLATE = env_str("OUTREACH_FEEDBACK_ZNS_TEMPLATE", "")
# Zalo (docs/outreach.md): ZNS and Official Account API bases, the OA's OAuth v4 access token,
# the app id and the OA secret key that signs webhook events (X-ZEvent-Signature).
OUTREACH_ZNS_URL = env_str("OUTREACH_ZNS_URL", "https://business.openapi.zalo.me")
OUTREACH_ZALO_OA_URL = env_str("OUTREACH_ZALO_OA_URL", "https://openapi.zalo.me")
OUTREACH_ZALO_ACCESS_TOKEN = env_str("OUTREACH_ZALO_ACCESS_TOKEN", "")
# …or a file holding it, read again at every delivery run: the OAuth refresh (25-hour tokens)
# rewrites it without restarting the worker.
OUTREACH_ZALO_ACCESS_TOKEN_FILE = os.environ.get("OUTREACH_ZALO_ACCESS_TOKEN_FILE", "")
OUTREACH_ZALO_APP_ID = env_str("OUTREACH_ZALO_APP_ID", "")
OUTREACH_ZALO_OA_SECRET = env_str("OUTREACH_ZALO_OA_SECRET", "")
# Renewing the token (``smartrural outreach_zalo_token``): the app's secret key, the file of the
# one-use refresh token, and Zalo's OAuth server.
OUTREACH_ZALO_APP_SECRET = env_str("OUTREACH_ZALO_APP_SECRET", "")
OUTREACH_ZALO_REFRESH_TOKEN_FILE = os.environ.get("OUTREACH_ZALO_REFRESH_TOKEN_FILE", "")
OUTREACH_ZALO_OAUTH_URL = env_str("OUTREACH_ZALO_OAUTH_URL", "https://oauth.zaloapp.com")
# The approved ZNS template imported CAP alerts go out with to residents (empty: no ZNS);
# its data are ``tieu_de`` (the headline) and ``noi_dung`` (what happens, what to do).
OUTREACH_ALERT_ZNS_TEMPLATE = env_str("OUTREACH_ALERT_ZNS_TEMPLATE", "")
# ``smartrural demo`` fakes the messaging providers on five local ports from this one.
DEMO_FAKES_PORT = env_int("DEMO_FAKES_PORT", 8461)
OUTREACH_MAX_ATTEMPTS = env_int("OUTREACH_MAX_ATTEMPTS", 6)
OUTREACH_RETRY_BASE_SECONDS = env_int("OUTREACH_RETRY_BASE_SECONDS", 30)
OUTREACH_SEND_THREADS = env_int("OUTREACH_SEND_THREADS", 8)
OUTREACH_CLAIM_BATCH = env_int("OUTREACH_CLAIM_BATCH", 500)
OUTREACH_TASK_SECONDS = env_int("OUTREACH_TASK_SECONDS", 50)
# A row left "sending" by a killed worker is claimed again after this many seconds.
OUTREACH_LEASE_SECONDS = env_int("OUTREACH_LEASE_SECONDS", 300)
# SMS through a brandname gateway (eSMS.vn's documented JSON API by default; docs/outreach.md).
OUTREACH_SMS_URL = env_str(
    "OUTREACH_SMS_URL",
    "https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/",
)
OUTREACH_SMS_API_KEY = env_str("OUTREACH_SMS_API_KEY", "")
OUTREACH_SMS_SECRET = env_str("OUTREACH_SMS_SECRET", "")
OUTREACH_SMS_BRANDNAME = env_str("OUTREACH_SMS_BRANDNAME", "")
OUTREACH_SMS_TYPE = env_str("OUTREACH_SMS_TYPE", "2")  # eSMS: 2 = customer care (brandname)
OUTREACH_SMS_UNICODE = env_bool("OUTREACH_SMS_UNICODE", True)  # False: text sent without accents
OUTREACH_SMS_PHONE_FORMAT = env_str("OUTREACH_SMS_PHONE_FORMAT", "local")  # local | 84 | +84
OUTREACH_SMS_TIMEOUT = env_int("OUTREACH_SMS_TIMEOUT", 15)
# Signs our delivery-receipt URLs and checks the gateway's calls to the SMS webhooks.
OUTREACH_SMS_CALLBACK_SECRET = env_str("OUTREACH_SMS_CALLBACK_SECRET", "")
# Facebook page posts through the Graph API; page tokens as JSON {"page id": "page token"}.
OUTREACH_FACEBOOK_URL = env_str("OUTREACH_FACEBOOK_URL", "https://graph.facebook.com")
OUTREACH_FACEBOOK_VERSION = env_str("OUTREACH_FACEBOOK_VERSION", "v23.0")
OUTREACH_FACEBOOK_PAGE_TOKENS: dict[str, str] = json.loads(
    env_str("OUTREACH_FACEBOOK_PAGE_TOKENS") or "{}"
)
# Each unit's Facebook page, for campaigns posted there: JSON {"unit GSO code": "page id"}.
OUTREACH_FACEBOOK_PAGES: dict[str, str] = json.loads(env_str("OUTREACH_FACEBOOK_PAGES") or "{}")
# Loudspeaker bulletins (docs/outreach.md): the text-to-speech engine (a dotted path to a class
# with ``synthesise(text) -> Audio``), espeak-ng's voice and rate (words a minute), the longest
# text spoken; uploaded audio up to this size and length (re-encoded as MP3); CAP 1.2 files up
# to this size, and the ``sender`` of the alerts we export.
OUTREACH_SPEECH_ENGINE = env_str(
    "OUTREACH_SPEECH_ENGINE", "smartrural.outreach.speech.EspeakEngine"
)
OUTREACH_SPEECH_VOICE = env_str("OUTREACH_SPEECH_VOICE", "vi-vn-x-south")
OUTREACH_SPEECH_RATE = env_int("OUTREACH_SPEECH_RATE", 150)
OUTREACH_SPEECH_MAX_CHARS = env_int("OUTREACH_SPEECH_MAX_CHARS", 5000)
OUTREACH_AUDIO_MAX_BYTES = env_int("OUTREACH_AUDIO_MAX_BYTES", 20 * 1024 * 1024)
OUTREACH_AUDIO_MAX_SECONDS = env_int("OUTREACH_AUDIO_MAX_SECONDS", 15 * 60)
OUTREACH_AUDIO_TIMEOUT = env_int("OUTREACH_AUDIO_TIMEOUT", 120)
OUTREACH_CAP_MAX_BYTES = env_int("OUTREACH_CAP_MAX_BYTES", 1024 * 1024)
OUTREACH_CAP_SENDER = env_str("OUTREACH_CAP_SENDER", "smartrural@localhost")
# Commune radio: the daily broadcast slots (local times), when a cluster counts as offline, and
# the device API's limits per cluster (calls, body size).
OUTREACH_RADIO_SLOTS = env_str("OUTREACH_RADIO_SLOTS", "06:00,11:00,17:00")
OUTREACH_CLUSTER_OFFLINE_MINUTES = env_int("OUTREACH_CLUSTER_OFFLINE_MINUTES", 15)
OUTREACH_DEVICE_RATE = env_str("OUTREACH_DEVICE_RATE", "120/m")
OUTREACH_DEVICE_MAX_BODY = env_int("OUTREACH_DEVICE_MAX_BODY", 4096)
RECOGNITION_STAGE_DAYS = {
    "self_assessed": env_int("RECOGNITION_DAYS_PUBLISHED", 10),
    "submitted": env_int("RECOGNITION_DAYS_INSPECTION", 20),
    "inspected": env_int("RECOGNITION_DAYS_APPRAISAL", 30),
    "appraised": env_int("RECOGNITION_DAYS_DECISION", 30),
}
