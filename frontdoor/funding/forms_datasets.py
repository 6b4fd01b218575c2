"""Uploading a schools dataset: its name, what it holds, and the file."""

from django import forms


class DatasetUploadForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=120, error_messages={"required": "Enter a name for the dataset"}
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where the figures come from: the census, the APT, the date.",
    )
    file = forms.FileField(
        label="The schools, one row a school",
        help_text="A CSV or Excel (.xlsx) file with the columns in the schools dataset guide "
        "(docs/funding-schools-data.md). Nothing is saved unless every row reads.",
        error_messages={"required": "Select a CSV or Excel file"},
    )
