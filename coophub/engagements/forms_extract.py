"""The two forms of text → record: the text to read (pasted or uploaded), and the review of the proposal
(every proposed field with an "accept" box, people and outcomes as editable rows)."""

import datetime
import io
import zipfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coophub.access.policies import VIEW, policy_for
from coophub.accounts.models import Unit
from coophub.agreements.choices import Side
from coophub.core.models import Visibility
from coophub.partners.models import Country, Partner

from .choices import EngagementKind, EngagementLevel, Mode, OutcomeKind, ParticipantRole
from .models import Official, Topic
from .proposal import PROPOSED_FIELDS

LANGUAGES = [("auto", _("Detect")), ("vi", _("Vietnamese")), ("en", _("English"))]
# An upload is read whole into memory; Word files are zipped, so a short text can still be a few megabytes.
MAX_UPLOAD_BYTES = getattr(settings, "COOPHUB_EXTRACTION_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
ACCEPT_AT = 0.5


def max_chars() -> int:
    return settings.COOPHUB_EXTRACTION_MAX_CHARS


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


class ExtractForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Paste a press release, a news article or the minutes of the meeting."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A Word (.docx) or plain text (.txt, UTF-8) file."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt"}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="auto")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in (".docx", ".txt"):
            raise forms.ValidationError(
                _("%(name)s cannot be read: only Word (.docx) and plain text (.txt) files.")
                % {"name": upload.name}
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        data = upload.read()
        if suffix == ".txt":
            try:
                return data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError(_("The text file is not UTF-8.")) from exc
        try:
            return _docx_text(data)
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise forms.ValidationError(_("The Word file could not be read.")) from exc
        except Exception as exc:  # python-docx raises its own errors for a broken package
            raise forms.ValidationError(_("The Word file could not be read.")) from exc

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned.get("text", "").strip() and cleaned.get("file") is not None:
            self.add_error("file", _("Paste the text or choose a file, not both."))
        elif not cleaned.get("text", "").strip() and cleaned.get("file") is None:
            self.add_error("text", _("Paste the text or choose a file."))
        return cleaned

    def source(self) -> tuple[str, str]:
        """The text to read and the field it came from (where an error about it is shown)."""
        if self.cleaned_data.get("file") is not None:
            return self.cleaned_data["file"], "file"
        return self.cleaned_data["text"], "text"


def _choices(choices):
    return [("", "—"), *choices]


def _date_input():
    return forms.DateInput(attrs={"placeholder": _("dd/mm/yyyy")})


class ReviewForm(forms.Form):
    """The proposed record. A proposed field is kept only when its "accept" box is ticked; a field the text
    did not propose is the officer's own input and kept as typed."""

    source_text = forms.CharField(widget=forms.HiddenInput, strip=False)
    source_language = forms.CharField(widget=forms.HiddenInput, required=False, max_length=8)
    language = forms.ChoiceField(widget=forms.HiddenInput, choices=LANGUAGES, required=False)
    proposed = forms.CharField(widget=forms.HiddenInput, required=False)

    kind = forms.ChoiceField(label=_("Type"), required=False, choices=_choices(EngagementKind.choices))
    level = forms.ChoiceField(label=_("Level"), required=False, choices=EngagementLevel.choices)
    mode = forms.ChoiceField(label=_("Mode"), required=False, choices=Mode.choices)
    title_vi = forms.CharField(label=_("Title (Vietnamese)"), required=False, max_length=500)
    title_en = forms.CharField(label=_("Title (English)"), required=False, max_length=500)
    starts_on = forms.DateField(label=_("Date"), required=False, widget=_date_input())
    ends_on = forms.DateField(label=_("Until"), required=False, widget=_date_input())
    city = forms.CharField(label=_("City"), required=False, max_length=128)
    country = forms.ModelChoiceField(
        label=_("Country (place)"), required=False, queryset=Country.objects.all()
    )
    venue = forms.CharField(label=_("Venue"), required=False, max_length=255)
    leader = forms.ModelChoiceField(
        label=_("Vietnamese leader"), required=False, queryset=Official.objects.none()
    )
    leader_title = forms.CharField(label=_("Leader's title at the time"), required=False, max_length=255)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"), required=False, queryset=Partner.objects.none()
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Partner countries"), required=False, queryset=Country.objects.all()
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), required=False, queryset=Topic.objects.all(), to_field_name="code"
    )
    other_topics = forms.CharField(
        label=_("Other topics"), required=False, max_length=1000, help_text=_("Separated by semicolons.")
    )
    source_url = forms.URLField(label=_("Press release address"), required=False, max_length=1000)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owner_unit = forms.ModelChoiceField(label=_("Owning unit"), queryset=Unit.objects.none())
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.MINISTRY
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in PROPOSED_FIELDS:
            self.fields[f"accept_{name}"] = forms.BooleanField(label=_("accept"), required=False)
        self.fields["leader"].queryset = policy_for(Official).scope(user, VIEW).filter(is_active=True)
        self.fields["partners"].queryset = policy_for(Partner).scope(user, VIEW)
        units = (
            Unit.objects.all()
            if user.is_ministry_admin
            else Unit.objects.filter(pk__in=user.editor_unit_ids())
        )
        self.fields["owner_unit"].queryset = units
        if user.primary_unit and not self.initial.get("owner_unit"):
            self.initial["owner_unit"] = user.primary_unit.pk

    def clean_source_text(self):
        # Browsers send the hidden text's line breaks as CRLF; the spans count LF only.
        text = self.cleaned_data["source_text"].replace("\r\n", "\n").replace("\r", "\n")
        if len(text) > max_chars():
            raise forms.ValidationError(
                _("The text is longer than %(limit)s characters.") % {"limit": max_chars()}
            )
        return text

    def proposed_names(self) -> set[str]:
        return {
            n for n in (self.data.get(self.add_prefix("proposed")) or "").split(",") if n in PROPOSED_FIELDS
        }

    def clean(self):
        cleaned = super().clean()
        proposed = self.proposed_names()
        for name in PROPOSED_FIELDS:
            if name in proposed and not cleaned.get(f"accept_{name}"):
                cleaned[name] = [] if name in ("partners", "countries", "topics") else None
        if not cleaned.get("kind"):
            self.add_error("kind", _("Choose the type of engagement (and tick “accept”)."))
        if not cleaned.get("starts_on") and "starts_on" not in self.errors:
            self.add_error("starts_on", _("Give the date of the engagement (and tick “accept”)."))
        return cleaned

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("accept_")}
        for name in ("language", "proposed"):
            data.pop(name, None)
        data["level"] = data.get("level") or EngagementLevel.MINISTERIAL
        data["mode"] = data.get("mode") or Mode.IN_PERSON
        return data


class RowForm(forms.Form):
    """A proposed row; kept when "accept" is ticked and it is not blank."""

    accept = forms.BooleanField(label=_("accept"), required=False, initial=True)
    confidence = forms.FloatField(widget=forms.HiddenInput, required=False, min_value=0, max_value=1)
    span = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    content_fields: tuple[str, ...] = ()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def anchor(self) -> str:
        """The id of the highlight where the row's span starts, for a link to it."""
        start = str(self["span"].value() or "").partition(",")[0]
        return f"at-{start}" if start.isdigit() else ""

    def is_blank(self) -> bool:
        return not any(self.cleaned_data.get(name) for name in self.content_fields)

    def row(self) -> dict | None:
        if not self.cleaned_data.get("accept") or self.is_blank():
            return None
        return {name: self.cleaned_data.get(name) for name in self.row_fields}


class VnRowForm(RowForm):
    official = forms.ModelChoiceField(label=_("Official"), required=False, queryset=Official.objects.none())
    name = forms.CharField(label=_("Name"), required=False, max_length=255)
    title = forms.CharField(label=_("Title"), required=False, max_length=255)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=255)
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices, initial=ParticipantRole.MEMBER)
    content_fields = ("official", "name", "title", "organisation")
    row_fields = ("official", "name", "title", "organisation", "role")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = policy_for(Official).scope(self.user, VIEW).filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("accept") and not self.is_blank():
            if not (cleaned.get("official") or cleaned.get("name") or cleaned.get("organisation")):
                self.add_error("name", _("Give a name or an organisation."))
        return cleaned


class PartnerRowForm(RowForm):
    name = forms.CharField(label=_("Name"), required=False, max_length=255)
    title = forms.CharField(label=_("Title at the time"), required=False, max_length=255)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=255)
    partner = forms.ModelChoiceField(label=_("Partner"), required=False, queryset=Partner.objects.none())
    country = forms.ModelChoiceField(label=_("Country"), required=False, queryset=Country.objects.all())
    is_former = forms.BooleanField(label=_("former"), required=False)
    is_acting = forms.BooleanField(label=_("acting"), required=False)
    content_fields = ("name", "title", "organisation", "partner")
    row_fields = ("name", "title", "organisation", "partner", "country", "is_former", "is_acting")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = policy_for(Partner).scope(self.user, VIEW)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("accept") and not self.is_blank():
            if not (cleaned.get("name") or cleaned.get("organisation") or cleaned.get("partner")):
                self.add_error("name", _("Give a name or an organisation."))
        return cleaned


class OutcomeRowForm(RowForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=OutcomeKind.choices)
    side = forms.ChoiceField(
        label=pgettext_lazy("outcome side", "By"), choices=Side.choices, initial=Side.BOTH
    )
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("Due"), required=False, widget=_date_input())
    content_fields = ("text",)
    row_fields = ("kind", "side", "text", "due_on")


VnRows = forms.formset_factory(VnRowForm, extra=1, max_num=200, absolute_max=200)
PartnerRows = forms.formset_factory(PartnerRowForm, extra=1, max_num=200, absolute_max=200)
OutcomeRows = forms.formset_factory(OutcomeRowForm, extra=1, max_num=200, absolute_max=200)


def _row_initial(rows: list[dict]) -> list[dict]:
    out = []
    for row in rows:
        span = row.get("span")
        out.append(
            {
                **{k: v for k, v in row.items() if k != "span"},
                "due_on": datetime.date.fromisoformat(row["due_on"]) if row.get("due_on") else None,
                "span": f"{span[0]},{span[1]}" if span else "",
                "accept": (row.get("confidence") or 0) >= ACCEPT_AT,
            }
        )
    return out


class Review:
    """The review form and its three row sets, bound to a POST or built from a proposal."""

    def __init__(self, user, data=None, proposal=None, language="auto"):
        initial, vn, partner, outcomes = {}, None, None, None
        if proposal is not None:
            initial = {
                **proposal["initial"],
                "source_text": proposal["source_text"],
                "source_language": proposal["source_language"],
                "language": language,
                "proposed": ",".join(proposal["initial"]),
            }
            if initial.get("starts_on"):
                initial["starts_on"] = datetime.date.fromisoformat(initial["starts_on"])
            for name in proposal["initial"]:
                initial[f"accept_{name}"] = proposal["confidence"].get(name, 0) >= ACCEPT_AT
            vn = _row_initial(proposal["vn_participants"])
            partner = _row_initial(proposal["partner_participants"])
            outcomes = _row_initial(proposal["outcomes"])
        kwargs = {"form_kwargs": {"user": user}}
        self.form = ReviewForm(data, user=user, initial=initial)
        self.vn = VnRows(data, prefix="vn", initial=vn, **kwargs)
        self.partner = PartnerRows(data, prefix="pp", initial=partner, **kwargs)
        self.outcomes = OutcomeRows(data, prefix="out", initial=outcomes, **kwargs)
        self.section_errors: dict[str, list[str]] = {}

    def is_valid(self) -> bool:
        return all(
            [self.form.is_valid(), self.vn.is_valid(), self.partner.is_valid(), self.outcomes.is_valid()]
        )

    @staticmethod
    def _rows(formset) -> list[dict]:
        return [row for row in (form.row() for form in formset.forms if form.cleaned_data) if row]

    def rows(self) -> dict:
        return {
            "vn_participants": self._rows(self.vn),
            "partner_participants": self._rows(self.partner),
            "outcomes": self._rows(self.outcomes),
        }

    def add_service_errors(self, exc) -> None:
        """A service refusal: next to the field it names, or at the people / outcomes section."""
        by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
        for field, messages in by_field.items():
            if field in ("participants", "outcomes"):
                self.section_errors.setdefault(field, []).extend(messages)
            elif field in self.form.fields:
                for message in messages:
                    self.form.add_error(field, message)
            else:
                for message in messages:
                    self.form.add_error(None, message)
