import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from coophub.agreements import services
from coophub.agreements.choices import AgreementStatus, Completion, Track
from coophub.agreements.models import Agreement
from coophub.agreements.progress import track
from coophub.core.errors import Conflict
from coophub.timeline.models import TimelineEvent

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


class TestLifecycle:
    def test_an_mou_goes_from_draft_to_in_force_with_dated_steps_and_their_basis(
        self, make_agreement, dic_officer
    ):
        mou = make_agreement()
        assert mou.status == AgreementStatus.DRAFT
        services.transition_agreement(mou, actor=dic_officer, to="negotiating", on=D(2026, 3, 1), basis="")
        services.transition_agreement(
            mou, actor=dic_officer, to="signed", on=D(2026, 4, 10), basis="Biên bản ký ngày 10/4/2026"
        )
        step = services.transition_agreement(
            mou, actor=dic_officer, to="in_force", on=D(2026, 4, 10), basis="Điều 8 Bản ghi nhớ"
        )
        mou.refresh_from_db()
        assert mou.status == AgreementStatus.IN_FORCE
        assert mou.signed_on == D(2026, 4, 10)
        assert mou.valid_from == D(2026, 4, 10)
        assert step.basis == "Điều 8 Bản ghi nhớ"
        assert list(mou.transitions.values_list("to_status", flat=True)) == [
            "in_force",
            "signed",
            "negotiating",
        ]

    def test_a_step_outside_the_lifecycle_is_refused(self, make_agreement, dic_officer):
        with pytest.raises(ValidationError) as exc:
            services.transition_agreement(
                make_agreement(), actor=dic_officer, to="expired", on=D(2026, 1, 1), basis="x"
            )
        assert "to" in exc.value.message_dict

    def test_signing_needs_its_basis_document(self, make_agreement, dic_officer):
        with pytest.raises(ValidationError) as exc:
            services.transition_agreement(
                make_agreement(), actor=dic_officer, to="signed", on=D(2026, 1, 1), basis=""
            )
        assert "basis" in exc.value.message_dict

    def test_an_extension_moves_the_end_of_validity(self, make_agreement, dic_officer):
        mou = make_agreement(status="in_force", valid_from=D(2024, 1, 1), valid_to=D(2026, 12, 31))
        services.transition_agreement(
            mou,
            actor=dic_officer,
            to="extended",
            on=D(2026, 11, 20),
            basis="Công hàm 12/2026",
            new_valid_to=D(2029, 12, 31),
        )
        mou.refresh_from_db()
        assert mou.valid_to == D(2029, 12, 31)
        assert mou.status == AgreementStatus.EXTENDED

    def test_an_end_before_the_start_is_refused(self, make_agreement):
        with pytest.raises(ValidationError) as exc:
            make_agreement(valid_from=D(2026, 5, 1), valid_to=D(2026, 1, 1))
        assert "valid_to" in exc.value.message_dict

    def test_the_expiry_alert_is_scheduled_ninety_days_before_the_end(self, make_agreement):
        mou = make_agreement(status="in_force", valid_from=D(2024, 1, 1), valid_to=D(2027, 6, 30))
        assert mou.next_alert_at.date() == D(2027, 4, 1)
        draft = make_agreement(valid_to=D(2027, 6, 30))
        assert draft.next_alert_at is None

    def test_another_units_officer_cannot_change_a_dic_agreement(self, make_agreement, other_unit_officer):
        with pytest.raises(PermissionDenied):
            services.update_agreement(make_agreement(), actor=other_unit_officer, data={"title_vi": "x"})

    def test_a_stale_edit_is_a_conflict(self, make_agreement, dic_officer):
        mou = make_agreement()
        services.update_agreement(mou, actor=dic_officer, data={"title_vi": "A"}, version=1)
        with pytest.raises(Conflict):
            services.update_agreement(mou, actor=dic_officer, data={"title_vi": "B"}, version=1)

    def test_the_agreement_appears_on_each_partys_timeline(self, make_agreement, make_partner):
        jica = make_partner(name_vi="Cơ quan Hợp tác Quốc tế Nhật Bản")
        mou = make_agreement(parties=[(jica, "signatory")])
        assert TimelineEvent.objects.filter(
            subject_id=jica.pk, kind="agreement.created", source_id=mou.pk
        ).exists()


class TestCommitments:
    def test_progress_rolls_up_to_the_parent_by_weight(self, make_agreement, make_commitment, dic_officer):
        plan = make_agreement(kind="action_plan", status="in_force")
        parent = make_commitment(agreement=plan, title_vi="Hoàn thiện thể chế")
        a = make_commitment(
            parent=parent, kind="milestone", weight=Decimal("3"), title_vi="Dự thảo nghị định"
        )
        b = make_commitment(
            parent=parent, kind="milestone", weight=Decimal("1"), title_vi="Thông tư hướng dẫn"
        )
        assert a.agreement == plan
        services.log_progress(a, actor=dic_officer, on=D(2026, 11, 1), value=100, comment="Đã ban hành")
        services.log_progress(b, actor=dic_officer, on=D(2026, 11, 2), completion="limited")
        parent.refresh_from_db()
        assert parent.progress == Decimal("81.25")  # (3 × 100 + 1 × 25) / 4
        assert parent.completion == Completion.SUBSTANTIAL
        assert parent.last_progress_on == D(2026, 11, 2)
        services.log_progress(b, actor=dic_officer, on=D(2026, 11, 20), completion="complete")
        parent.refresh_from_db()
        assert parent.completion == Completion.COMPLETE
        assert parent.completed_on == D(2026, 11, 20)

    def test_a_parent_takes_no_percentage_of_its_own(self, make_commitment, dic_officer):
        parent = make_commitment()
        make_commitment(parent=parent, kind="milestone")
        with pytest.raises(ValidationError):
            services.log_progress(parent, actor=dic_officer, value=50)

    def test_the_judgement_comes_from_dates_and_progress(self, make_commitment, dic_officer):
        c = make_commitment(start_on=D(2026, 1, 1), due_on=D(2026, 12, 31))
        services.log_progress(c, actor=dic_officer, on=D(2026, 11, 30), value=90)
        c.refresh_from_db()
        assert track(c, D(2026, 12, 1)) == Track.ON_TRACK
        services.log_progress(c, actor=dic_officer, on=D(2026, 12, 1), value=70)
        c.refresh_from_db()
        assert track(c, D(2026, 12, 1)) == Track.AT_RISK
        services.log_progress(c, actor=dic_officer, on=D(2026, 12, 1), value=20)
        c.refresh_from_db()
        assert track(c, D(2026, 12, 1)) == Track.BEHIND
        assert track(c, D(2027, 1, 5)) == Track.BEHIND

    def test_a_commitment_without_news_for_a_quarter_is_at_risk(self, make_commitment, dic_officer):
        c = make_commitment(start_on=D(2026, 1, 1), due_on=D(2027, 12, 31))
        services.log_progress(c, actor=dic_officer, on=D(2026, 3, 1), value=30)
        c.refresh_from_db()
        assert track(c, D(2026, 12, 1)) == Track.AT_RISK

    def test_progress_cannot_be_logged_for_the_future(self, make_commitment, dic_officer):
        with pytest.raises(ValidationError) as exc:
            services.log_progress(make_commitment(), actor=dic_officer, on=D(2027, 1, 1), value=10)
        assert "on" in exc.value.message_dict

    def test_the_focal_person_of_another_unit_logs_progress_on_what_they_carry_out(
        self, make_commitment, units, unit_focal_point
    ):
        c = make_commitment(lead_unit=units["ppd"], focal_person=unit_focal_point, visibility="restricted")
        services.log_progress(c, actor=unit_focal_point, value=10)
        c.refresh_from_db()
        assert c.progress == Decimal("10.00")

    def test_an_unrelated_officer_cannot_log_progress(self, make_commitment, other_unit_officer):
        with pytest.raises(PermissionDenied):
            services.log_progress(make_commitment(), actor=other_unit_officer, value=10)

    def test_a_commitment_cannot_be_part_of_itself(self, make_commitment, dic_officer):
        a = make_commitment()
        b = make_commitment(parent=a)
        with pytest.raises(ValidationError):
            services.update_commitment(a, actor=dic_officer, data={"parent": b})

    def test_a_due_date_before_the_start_is_refused(self, make_commitment):
        with pytest.raises(ValidationError) as exc:
            make_commitment(start_on=D(2026, 6, 1), due_on=D(2026, 1, 1))
        assert "due_on" in exc.value.message_dict

    def test_it_is_recorded_on_the_agreement_timeline(self, make_agreement, make_commitment):
        plan = make_agreement()
        c = make_commitment(agreement=plan)
        assert TimelineEvent.objects.filter(
            subject_id=plan.pk, kind="commitment.created", source_id=c.pk
        ).exists()
        assert Agreement.objects.get(pk=plan.pk).commitments.count() == 1
