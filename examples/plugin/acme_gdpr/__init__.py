"""ACME group's privacy policy, checked by gdprkit on top of the GDPR."""

from collections.abc import Iterator

from gdprkit import ProcessingActivity, Profile, Transfer
from gdprkit.rules import Context, Violation, at, rule


@rule(
    code="ACME001",
    name="activity-without-owner",
    title="Every activity names an accountable owner",
    severity="warning",
    articles=("ACME privacy policy 4.2",),
    rationale="Our policy gives every processing activity an owner who answers for it.",
    severity_reason="A likely gap: an activity nobody answers for is seldom kept up to date.",
    on=ProcessingActivity,
)
def activity_without_owner(activity: ProcessingActivity, context: Context) -> Iterator[Violation]:
    """Each activity's notes start with "Owner:"."""
    if not (activity.notes or "").startswith("Owner:"):
        yield Violation(
            message=f'Activity "{activity.name}" names no owner: add "Owner: …" to its notes.'
        )


@rule(
    code="ACME002",
    name="transfer-without-dpo-approval",
    title="Transfers outside the EEA are approved by the group DPO",
    severity="error",
    articles=("ACME privacy policy 6.1", "GDPR Art. 44"),
    rationale="The group DPO approves every transfer outside the EEA and numbers it DPO-….",
    severity_reason="Our policy forbids a transfer outside the EEA the group DPO has not approved.",
    on=Transfer,
)
def transfer_without_dpo_approval(transfer: Transfer, context: Context) -> Iterator[Violation]:
    """Each transfer to a country outside the EEA on the validation date cites
    the group DPO's approval in its reference."""
    country = transfer.country
    if country is None or context.jurisdiction.is_home(country, context.as_of):
        return
    if not (transfer.reference or "").startswith("DPO-"):
        yield Violation(
            path=at("reference"),
            message=(
                f'The transfer of activity "{context.activity.name}" to {country} has no '
                "approval of the group DPO: record its number (DPO-…) in the reference."
            ),
        )


PROFILE = Profile(
    name="acme",
    title="ACME group privacy policy",
    rules=(activity_without_owner, transfer_without_dpo_approval),
    extends=("gdpr",),
)
"""The profile the entry point names: selecting it runs the GDPR rules too."""
