from django import forms

from frontdoor.schools.models import District, Sector


class EstablishmentSearchForm(forms.Form):
    q = forms.CharField(label="Name, town, URN or LAESTAB", required=False, max_length=100)
    sector = forms.ChoiceField(
        label="Phase", required=False, choices=[("", "All phases"), *Sector.choices]
    )
    district = forms.ModelChoiceField(
        label="District",
        required=False,
        queryset=District.objects.all(),
        empty_label="All districts",
    )


class PupilRollSearchForm(forms.Form):
    q = forms.CharField(label="Name or UPN", required=False, max_length=100)


class GiasUploadForm(forms.Form):
    file = forms.FileField(
        label="GIAS establishments file",
        help_text="A CSV file downloaded from Get Information about Schools.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV.")
        return upload
