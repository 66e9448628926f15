from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from coophub.access.policies import VIEW, policy_for
from coophub.accounts.models import Unit

from .choices import AliasLanguage
from .models import Contact, Mechanism, MechanismSession, Partner, Position
from .services import ACCESS_M2M, MECHANISM_FIELDS, PARTNER_FIELDS, POSITION_FIELDS


class VersionedForm(forms.ModelForm):
    """Carries the version the user loaded so a stale save is refused instead of overwriting."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class OwnedForm(VersionedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.user
        if "owner_unit" in self.fields:
            units = (
                Unit.objects.all()
                if user.is_ministry_admin
                else Unit.objects.filter(pk__in=user.editor_unit_ids())
            )
            self.fields["owner_unit"].queryset = units | Unit.objects.filter(
                pk=self.instance.owner_unit_id or 0
            )
            if not self.instance.pk and user.primary_unit and not self.initial.get("owner_unit"):
                # In form.initial, not field.initial: a ModelForm given a fresh instance puts its empty
                # owner_unit there, which would win over the field's own initial value.
                self.initial["owner_unit"] = user.primary_unit.pk


class PartnerForm(OwnedForm):
    aliases = forms.CharField(
        label=_("Aliases"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line. Add the language after a '|', e.g. “Bộ Nông Lâm Ngư nghiệp Nhật Bản|vi”."),
    )

    class Meta:
        model = Partner
        fields = [*PARTNER_FIELDS, *ACCESS_M2M]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        partners = policy_for(Partner).scope(self.user, VIEW)
        if self.instance.pk:
            partners = partners.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = partners
        self.fields["focal_officer"].queryset = (
            get_user_model().objects.filter(is_active=True, memberships__unit__is_dic=True).distinct()
        )
        if self.instance.pk:
            self.fields["aliases"].initial = "\n".join(
                f"{a.text}|{a.language}" for a in self.instance.aliases.all()
            )

    def clean_aliases(self):
        out = []
        languages = set(AliasLanguage.values)
        for number, line in enumerate(self.cleaned_data["aliases"].splitlines(), start=1):
            if not line.strip():
                continue
            text, _sep, lang = line.partition("|")
            lang = lang.strip() or "vi"
            if lang not in languages:
                raise forms.ValidationError(
                    _("Line %(n)s: unknown language “%(lang)s” (use vi, en or native).")
                    % {"n": number, "lang": lang}
                )
            out.append((text.strip(), lang))
        return out


class ContactForm(VersionedForm):
    class Meta:
        model = Contact
        fields = ["partner", "full_name", "native_name", "honorific", "email", "phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = policy_for(Partner).scope(self.user, VIEW)
        if self.instance.pk:
            self.fields["partner"].disabled = True


class PositionForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = list(POSITION_FIELDS)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class MechanismForm(OwnedForm):
    class Meta:
        model = Mechanism
        fields = [*MECHANISM_FIELDS, *ACCESS_M2M]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class MemberForm(forms.Form):
    partner = forms.ModelChoiceField(queryset=Partner.objects.none(), label=_("Partner"))
    role = forms.ChoiceField(label=_("Role"), choices=[])

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .choices import MemberRole

        self.fields["partner"].queryset = policy_for(Partner).scope(user, VIEW)
        self.fields["role"].choices = MemberRole.choices


class SessionForm(forms.ModelForm):
    class Meta:
        model = MechanismSession
        fields = ["number", "date", "place", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}
