"""The demo alliance's building blocks: how the wage-tax alliance uses the eighteen blocks.

Idempotent: a block the alliance has already decided on is left as it is.
"""

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from concordia.accounts.models import Person
from concordia.alliances.models import Alliance
from concordia.blocks import services
from concordia.blocks.choices import BlockStatus
from concordia.blocks.models import BlockSetting
from concordia.handbook.catalogue import Block

from .services import demo_email, demo_partners

IN_PLACE, BEING_BUILT = BlockStatus.IN_PLACE, BlockStatus.BEING_BUILT
PLANNED, NOT_USED = BlockStatus.PLANNED, BlockStatus.NOT_USED

# block → (status, owner: ("person", e-mail local part) or ("partner", organisation name),
#          how it is done here, evidence link)
BLOCKS: dict[Block, tuple[str, tuple[str, str] | None, str, str]] = {
    Block.BOARD: (
        IN_PLACE, ("person", "anna"),
        _("The directors of the three owners meet four times a year, also when nothing is on fire, "
        "in person and without replacements. Their commitments are laid down in the covenant."),
        "https://example.org/wage-tax-alliance/covenant.pdf"),
    Block.KEY_ALLIANCE_MANAGER: (
        IN_PLACE, ("person", "kim"),
        _("Responsible for the whole chain, with a mandate from the board and a direct line to "
        "the ministers in a crisis; escalations end here before they reach the board."), ""),
    Block.LINE_MANAGERS: (
        IN_PLACE, ("partner", "Social Security Agency"),
        _("The tactical table meets monthly: line managers of every partner, the key alliance "
        "manager and the coordinators. The chair rotates between the partners."), ""),
    Block.COORDINATOR: (
        IN_PLACE, ("person", "lisa"),
        _("One coordinator per partner keeps the chain visible in their own organisation and "
        "assembles a team when an agreement is about to fail."), ""),
    Block.AGENCY: (
        IN_PLACE, ("person", "tom"),
        _("A small chain office, staffed from the three owners and co-located, monitors the "
        "projects and prepares the reports."), ""),
    Block.DECISION_MODEL: (
        IN_PLACE, ("person", "kim"),
        _("Consensus at the tactical table; what it cannot settle goes to the board with all "
        "information on the table. No partner is surprised by a decision."), ""),
    Block.MEETING_STRUCTURE: (
        IN_PLACE, ("person", "lisa"),
        _("Board, tactical table and a weekly production meeting, planned around the partners' "
        "own management cycles."), ""),
    Block.REPORTING: (
        IN_PLACE, ("person", "tom"),
        _("A monthly chain report per partner: timeliness and quality of the wage returns, "
        "bottlenecks and a handful of targets."),
        "https://example.org/wage-tax-alliance/chain-report.pdf"),
    Block.INFORMATION_INFRASTRUCTURE: (
        IN_PLACE, ("partner", "Tax Authority"),
        _("One intake of the wage returns, one data model and agreed interfaces to every user of "
        "the data."), ""),
    Block.ANNUAL_PLAN: (
        IN_PLACE, ("person", "kim"),
        _("Made together every autumn from the principles of the conference, with the deployment "
        "asked of each partner; compared with progress every quarter."),
        "https://example.org/wage-tax-alliance/annual-plan.pdf"),
    Block.CONFERENCE: (
        IN_PLACE, ("person", "mila"),
        _("Two days every spring for the key players of all levels: looking back and forward, "
        "formal and informal."), ""),
    Block.ANNUAL_EVALUATION: (
        IN_PLACE, ("partner", "Statistics Office"),
        _("About fifty players answer statements on content, procedure, relationship and culture "
        "(1–5); the results are discussed at the conference."),
        "https://example.org/wage-tax-alliance/evaluation.pdf"),
    Block.LEARNING_CIRCLE: (
        BEING_BUILT, ("person", "noor"),
        _("A first circle on data quality: professionals of the three owners visit each other's "
        "desks."), ""),
    Block.ALLIANCE_MAP: (
        BEING_BUILT, ("person", "eva"),
        _("The chain from payroll software to the users of the data, on one page; being drawn with "
        "the professionals."), ""),
    Block.SOFT_SKILLS: (
        PLANNED, ("person", "mila"),
        _("Team building and mutual internships are planned after the values statement."), ""),
    Block.FINANCING: (
        NOT_USED, ("person", "henk"),
        _("No settlement: each partner bears its own costs, with pragmatic deals for common items "
        "such as the chain office and the conference."), ""),
}


@transaction.atomic
def demo_blocks(alliance: Alliance) -> None:
    kim = Person.objects.get(email=demo_email("kim"))
    decided = set(BlockSetting.objects.filter(alliance=alliance).values_list("block", flat=True))
    partners = demo_partners(alliance)
    for block, (status, owner, description, evidence) in BLOCKS.items():
        if block.value in decided:
            continue
        partner = person = None
        if owner is not None and owner[0] == "partner":
            partner = partners[owner[1]]
        elif owner is not None:
            person = Person.objects.get(email=demo_email(owner[1]))
        services.block_setting_set(actor=kim, alliance=alliance, block=block, status=status,
                                   expected_version=0, owner_partner=partner,
                                   owner_person=person, description=gettext(description),
                                   evidence_url=evidence)
