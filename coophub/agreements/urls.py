from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("", views.AgreementList.as_view(), name="agreement_list"),
    path("new/", views.AgreementEdit.as_view(), name="agreement_create"),
    path("review/", views.agreement_review, name="agreement_review"),
    path("<int:pk>/", views.AgreementDetail.as_view(), name="agreement_detail"),
    path("<int:pk>/edit/", views.AgreementEdit.as_view(), name="agreement_edit"),
    path("<int:pk>/delete/", views.AgreementDelete.as_view(), name="agreement_delete"),
    path("<int:pk>/history/", views.AgreementHistory.as_view(), name="agreement_history"),
    path("<int:pk>/transitions/", views.agreement_transition, name="agreement_transition"),
    path("commitments/", views.CommitmentList.as_view(), name="commitment_list"),
    path("commitments/new/", views.CommitmentEdit.as_view(), name="commitment_create"),
    path("commitments/<int:pk>/", views.CommitmentDetail.as_view(), name="commitment_detail"),
    path("commitments/<int:pk>/edit/", views.CommitmentEdit.as_view(), name="commitment_edit"),
    path("commitments/<int:pk>/delete/", views.CommitmentDelete.as_view(), name="commitment_delete"),
    path("commitments/<int:pk>/history/", views.CommitmentHistory.as_view(), name="commitment_history"),
    path("commitments/<int:pk>/progress/", views.commitment_progress, name="commitment_progress"),
]
