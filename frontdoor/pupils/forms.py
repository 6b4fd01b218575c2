from django import forms

from frontdoor.pupils.selectors import MIN_SEARCH_LENGTH


class PupilSearchForm(forms.Form):
    q = forms.CharField(
        label="Name or UPN",
        min_length=MIN_SEARCH_LENGTH,
        max_length=100,
        help_text="For example ‘Sam Taylor’, ‘taylor’ or a 13-character UPN.",
    )
