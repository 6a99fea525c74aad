"""Demo users: one for each role, all with the same demo password."""

from typing import Any

from django.db import transaction

from leizu.accounts.models import Role, User
from leizu.accounts.services import membership_add
from leizu.institutions.demo import HOST

DEMO_PASSWORD = "leizu-demo-2026"

# key, e-mail, name, institution key, role, preferred language
DEMO_USERS = [
    ("coordinator", "coordinator@leizu.demo", "陈静 Chen Jing", HOST, Role.COORDINATOR, "zh-hans"),
    ("admin", "admin@leizu.demo", "Host administrator", HOST, Role.ADMIN, "en"),
    ("leader", "leader@leizu.demo", "周文涛 Zhou Wentao", HOST, Role.VIEWER, "zh-hans"),
    ("teacher", "teacher@leizu.demo", "王立新 Wang Lixin", HOST, Role.TEACHER, "zh-hans"),
    ("student", "student@leizu.demo", "Li Na", HOST, Role.STUDENT, "zh-hans"),
    ("partner_kz", "partner.kz@leizu.demo", "Сейтқалиева Гүлнар", "kz1", Role.STAFF, "kk"),
    ("partner_uz", "partner.uz@leizu.demo", "Xoʻjayev Sardor", "uz1", Role.STAFF, "uz"),
    # The partners' coordinators: they approve agreements on their institution's behalf.
    (
        "partner_kz_lead",
        "coordinator.kz@leizu.demo",
        "Ержанов Дәулет",
        "kz1",
        Role.COORDINATOR,
        "kk",
    ),
    (
        "partner_uz_lead",
        "coordinator.uz@leizu.demo",
        "Rahmonov Jasur",
        "uz1",
        Role.COORDINATOR,
        "uz",
    ),
    ("student_kz", "student.kz@leizu.demo", "Нұрланов Арман", "kz1", Role.STUDENT, "ru"),
    ("analyst", "analyst@leizu.demo", "孙海燕 Sun Haiyan", "institute", Role.STAFF, "zh-hans"),
]


@transaction.atomic
def build_users(context: dict[str, Any]) -> None:
    institutions = context["institutions"]
    users = context.setdefault("users", {})
    operator = context["operator"].user
    users["operator"] = operator
    for key, email, name, inst_key, role, language in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, display_name=name, preferred_language=language
            )
        membership_add(by=operator, user=user, institution=institutions[inst_key], role=role)
        users[key] = user
