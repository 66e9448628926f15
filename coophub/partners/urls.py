from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("", views.PartnerList.as_view(), name="partner_list"),
    path("new/", views.PartnerEdit.as_view(), name="partner_create"),
    path("<int:pk>/", views.PartnerDetail.as_view(), name="partner_detail"),
    path("<int:pk>/edit/", views.PartnerEdit.as_view(), name="partner_edit"),
    path("<int:pk>/delete/", views.PartnerDelete.as_view(), name="partner_delete"),
    path("<int:pk>/history/", views.PartnerHistory.as_view(), name="partner_history"),
    path("contacts/", views.ContactList.as_view(), name="contact_list"),
    path("contacts/new/", views.ContactEdit.as_view(), name="contact_create"),
    path("contacts/<int:pk>/", views.ContactDetail.as_view(), name="contact_detail"),
    path("contacts/<int:pk>/edit/", views.ContactEdit.as_view(), name="contact_edit"),
    path("contacts/<int:pk>/delete/", views.ContactDelete.as_view(), name="contact_delete"),
    path("contacts/<int:pk>/history/", views.ContactHistory.as_view(), name="contact_history"),
    path("contacts/<int:pk>/positions/", views.position_add, name="position_add"),
    path(
        "contacts/<int:pk>/positions/<int:position_id>/delete/", views.position_delete, name="position_delete"
    ),
    path("mechanisms/", views.MechanismList.as_view(), name="mechanism_list"),
    path("mechanisms/new/", views.MechanismEdit.as_view(), name="mechanism_create"),
    path("mechanisms/<int:pk>/", views.MechanismDetail.as_view(), name="mechanism_detail"),
    path("mechanisms/<int:pk>/edit/", views.MechanismEdit.as_view(), name="mechanism_edit"),
    path("mechanisms/<int:pk>/delete/", views.MechanismDelete.as_view(), name="mechanism_delete"),
    path("mechanisms/<int:pk>/history/", views.MechanismHistory.as_view(), name="mechanism_history"),
    path("mechanisms/<int:pk>/members/", views.member_set, name="member_set"),
    path("mechanisms/<int:pk>/sessions/", views.session_add, name="session_add"),
]
