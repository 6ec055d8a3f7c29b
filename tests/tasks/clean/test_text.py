"""Specification of the plain-text article cleaner (tasks/clean/text/).

Three groups of cases:

- the five seed articles, each with its exact expected report paragraphs and metadata;
- chrome copied in the style of other outlets (tests/fixtures/chrome/*.txt), each wrapped
  around a report whose sentences include the words chrome rules key on ("support",
  "subscribe", "comments", "newsletter", "we", a quoted "we need your help", dates);
- shape rules: line endings, wrapping, whitespace, Unicode, html mode's caution.

A fixture file is a page copy with the report cut out: ``{{report}}`` stands for the next
report paragraph, ``{{report*}}`` for all remaining ones. Every other non-blank fixture line is
chrome and must be dropped.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from tasks.clean.text import clean_text
from tasks.records import CleanedText, InputKind

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "chrome"

SOURCES: tuple[InputKind, ...] = ("text", "html")
REASONS = {
    "appeal",
    "newsletter",
    "comments",
    "syndication",
    "byline",
    "timestamp",
    "broadcast_marker",
    "dateline",
    "widget",
    "credit",
    "title",
}


def _paragraphs(result: CleanedText) -> list[str]:
    return result.body.split("\n\n") if result.body else []


def _dropped(result: CleanedText) -> dict[str, str]:
    return {line.text.strip(): line.reason for line in result.dropped}


# --------------------------------------------------------------------------------------------
# The five seeds
# --------------------------------------------------------------------------------------------

SEED_000_BROADCAST = [
    (
        "North Korea is now showcasing what it once denied. State media has aired images of "
        "its troops fighting in Russia and the return of their remains, months after the "
        "regime finally admitted to the deployment. So why the sudden push to publicize it "
        "now? We take a look."
    ),
    ("A concert marking the first anniversary of a new treaty between North Korea and Russia."),
    ("North Korean leader Kim Jong-un is watching side by side with the Russian culture minister."),
    '"Oh, our heroes."',
    (
        "When a song dedicated to the dispatched soldiers starts playing, images of the "
        "North Korean troops fighting in the Russia-Ukraine war and their blood-stained "
        "pocketbooks are shown in the background."
    ),
    (
        "Then the North Korean leader is shown covering the fallen soldiers' coffins with "
        "the North Korean national flag and stroking them with a sad look on his face."
    ),
    (
        "A handwritten letter ordering the dispatched troops to conduct attacks three times "
        "has also been disclosed."
    ),
    "The footage also shows Kim and Russian participants shedding tears at the event.",
    "N. Korean Central TV",
    (
        "The friendship and genuine internationalist loyalty built between the two "
        "countries' militaries in blood."
    ),
    (
        "It's the first time that the regime disclosed images of deployed troops and "
        "repatriation of remains via mass media since officially acknowledging troop "
        "dispatch belatedly back in April."
    ),
    (
        "A South Korean government official says the move is apparently aimed at "
        "strengthening internal solidarity, as the secret troop dispatch caused public "
        "unrest in the North, and it also serves as a message to demand compensation from "
        "Russia."
    ),
    "Hong Min / Korea Institute for Nat’l Unification",
    (
        "N. Korea prevents public anxiety by making people believe that the sacrifices "
        "helped it foster alliance with Russia, which serves national interests well, and "
        "that the dispatched soldiers are heroes."
    ),
    (
        "Pyongyang and Moscow have agreed on an additional dispatch of 6,000 military "
        "engineers and construction workers."
    ),
    (
        "The National Intelligence Service believes they will be deployed as early as "
        "between July and August."
    ),
]
SEED_001_COMMENTS = [
    (
        "At an emotional award ceremony, North Korean leader Kim Jong Un honored his "
        "country's fallen soldiers who fought in Russia's war against Ukraine, referring to "
        'them as "heroes." This event marked a rare public acknowledgment of the losses '
        "Pyongyang has suffered in the conflict. State media reported that Kim expressed "
        "deep gratitude and respect to those who returned home after participating in the "
        "war."
    ),
    (
        "Kim was quoted as saying that the victory achieved by the soldiers was a great "
        "feat that defended the honor of the Korean People’s Army. Photos released by state "
        "media depicted Kim pinning commendation badges on soldiers and on photo frames of "
        "deceased soldiers. He was also shown meeting with and embracing the grieving "
        "family members of the fallen soldiers."
    ),
    (
        "The ceremony included Kim laying a flower on a memorial wall and paying a silent "
        "tribute. The event took place a week after Kim received a letter from Russian "
        'President Vladimir Putin, who also described the North Korean troops as "heroic." '
        "Putin's letter highlighted the strong bonds of friendship and mutual aid between "
        "the two countries."
    ),
    (
        "The relationship between Pyongyang and Moscow has grown closer since Russia's "
        "invasion of Ukraine in February 2022. Kim and Putin signed a mutual defense pact "
        "last year. Experts suggest that North Korea may have sent troops to Russia in "
        "exchange for advanced military technology."
    ),
    (
        "While neither Russia nor North Korea initially confirmed the deployments, it is "
        "believed that Pyongyang sent its first soldiers last fall. According to South "
        "Korean, U.S., and Ukrainian officials, the number of troops involved could be as "
        "high as 15,000. South Korea's spy agency estimates that approximately 600 soldiers "
        "have been killed, with thousands more injured."
    ),
    (
        "Despite having one of the largest militaries in the world, North Korean troops "
        "have limited combat experience since the Korean War. However, they are known for "
        "their strong loyalty to Kim and are trained to prioritize their own lives rather "
        "than surrender. According to South Korean intelligence, there was at least one "
        "incident where a North Korean soldier died while trying to detonate a grenade to "
        "avoid capture. The exact number of North Korean troops still deployed on the "
        "frontlines is unknown. South Korean lawmakers have suggested that North Korea "
        "might deploy additional troops to Russia and continue supplying arms to Moscow."
    ),
]
SEED_002_CAPTIONS = [
    (
        "North Korea sent troops to conduct mine-clearing operations in Russia’s Kursk "
        "region earlier this year, Kim Jong Un said in a speech carried by state media on "
        "Saturday. The remarks amounted to a rare public acknowledgement by Pyongyang that "
        "soldiers deployed abroad had been assigned deadly missions."
    ),
    (
        "According to South Korean and western intelligence agencies, North Korea has "
        "dispatched several thousand troops to support Russia’s nearly four-year invasion "
        "of Ukraine."
    ),
    (
        "Analysts say that in return Moscow has been providing Pyongyang with financial "
        "assistance, military technology, as well as supplies of food and energy—allowing "
        "the diplomatically isolated country to circumvent tough sanctions imposed over its "
        "nuclear and missile programmes."
    ),
    (
        "Welcoming the return of an engineering regiment, Kim said the soldiers had written "
        "“letters to their hometowns and villages during breaks between hours of "
        "mine-clearing”, the Korean Central News Agency (KCNA) reported."
    ),
    (
        "Kim Jong Un at the podium during the welcoming ceremony at the April 25 House of "
        "Culture in Pyongyang."
    ),
    "The North Korean leader with returning soldiers from the engineering regiment.",
    (
        "Kim said that nine members of the regiment were killed during the 120-day "
        "deployment that began in August. He made the remarks on Friday at a ceremony "
        "welcoming the unit back, KCNA reported."
    ),
    (
        "The fallen soldiers were posthumously awarded state honours to “eternally "
        "commemorate their valour”."
    ),
    (
        "“All of you—both officers and soldiers—displayed collective heroism almost every "
        "day, overcoming unimaginable mental and physical burdens,” Kim said."
    ),
    "Kim Jong Un with the families of fallen soldiers.",
    (
        "Kim Jong Un paying his respects before portraits of fallen North Korean soldiers "
        "at the April 25 House of Culture in Pyongyang."
    ),
    (
        "He said the troops had managed to “work a miracle, transforming a vast zone of "
        "deadly danger into a safe and secure area in less than three months”."
    ),
    (
        "Photographs released by KCNA show a smiling Kim embracing returning soldiers at a "
        "ceremony in Pyongyang on Friday. Some of them appeared wounded and were moving in "
        "wheelchairs."
    ),
    (
        "In one image, a soldier appears visibly moved as Kim holds his head and hand while "
        "he sits in a wheelchair wearing military uniform."
    ),
    (
        "Other images show the North Korean leader consoling the families of the dead, as "
        "well as kneeling before the portrait of a fallen soldier and placing what appear "
        "to be medals and flowers beside the images of the deceased."
    ),
    (
        "Kim also spoke of the “pain of waiting over the 120 days, during which he did not "
        "forget his beloved sons for a single moment”."
    ),
    (
        "In September, Kim appeared alongside Chinese President Xi Jinping and Russian "
        "President Vladimir Putin at a large-scale military parade in Beijing."
    ),
    (
        "He did not respond to an offer from Donald Trump to meet during the US president’s "
        "trip to Asia in October."
    ),
    (
        "Only in April did North Korea officially confirm that it had sent troops to "
        "support Russia and that its soldiers had been killed in combat."
    ),
    (
        "At an earlier ceremony in August, KCNA footage showed an emotional Kim embracing a "
        "returning soldier who appeared distressed, pressing his face against the leader’s "
        "chest."
    ),
    (
        "In early July, state media showed a visibly moved Kim paying tribute to "
        "flag-draped coffins that appeared to contain the bodies of fallen soldiers "
        "returned to the country."
    ),
]
SEED_003_APPEAL = [
    (
        "North Korean state media on Tuesday released images of leader Kim Jong Un mourning "
        "over flag-draped coffins of North Korean soldiers killed while fighting alongside "
        "Russian forces in Ukraine, as South Korea’s Defense Ministry said it has yet to "
        "see signs of additional troop deployments from the North."
    ),
    (
        "The nuclear-armed North has emerged as one of Russia’s key allies since the "
        "full-scale invasion of Ukraine, sending thousands of troops and shipments of "
        "weapons to bolster the Kremlin’s efforts to drive Ukrainian forces from the Kursk "
        "border region."
    ),
    (
        "Around 600 North Korean soldiers have been killed and thousands more wounded while "
        "fighting for Russia, according to South Korean lawmaker Lee Seong-kweun, who cited "
        "intelligence from Seoul’s spy agency."
    ),
    (
        "Footage aired by Korean Central Television showed a solemn Kim placing a North "
        "Korean flag on a coffin during a ceremony in Pyongyang on Sunday. The event — "
        "attended by Russian Culture Minister Olga Lyubimova — marked the one-year "
        "anniversary of a military pact between Pyongyang and Moscow that includes a mutual "
        "defense clause."
    ),
    (
        "State television also showed battlefield images of North Korean soldiers, with "
        "captions reading: “Oh, our heroes, shining stars of my homeland,” and “Those who "
        "gave their lives without hesitation to defend honor shine like radiant stars.”"
    ),
    "Attendees from both countries were seen in tears during the tribute.",
    (
        "A photograph of a document, purportedly signed by Kim, appeared to show him "
        "approving operational plans for the “liberation of Kursk” and issuing attack "
        "orders to North Korean special operations units in late 2024."
    ),
    (
        "Kim was accompanied at the ceremony by his teenage daughter, Ju Ae, whom many "
        "analysts believe he is grooming as his successor."
    ),
    (
        "North Korea officially confirmed in April that it had deployed troops to support "
        "Russia’s war effort and acknowledged casualties among its forces."
    ),
    (
        "Last week, lawmaker Lee said Pyongyang could send additional troops to Ukraine as "
        "early as this month, citing intelligence from South Korea’s National Intelligence "
        "Service."
    ),
    (
        "However, South Korea’s Defense Ministry said Tuesday it currently sees “no signs” "
        "of imminent deployments, noting that North Korean forces are engaged in their "
        "annual summer training period, with some frontline units participating in mid-year "
        "drills."
    ),
]
SEED_004_SYNDICATED = [
    (
        "North Korea’s leader, Kim Jong-un, welcomed home specialized soldiers this week "
        "after a deployment in Russia’s war against Ukraine, honoring nine killed in action "
        "with his country’s highest medal, state media reported on Saturday."
    ),
    (
        "The event marked North Korea’s first public acknowledgment that it had sent "
        "specialized troops, combat engineers tasked with mine-clearing operations, to aid "
        "Russia in the war."
    ),
    (
        "The Kremlin said in July that North Korea had agreed to send 1,000 combat "
        "engineers and 5,000 military construction workers to help rebuild Russia’s "
        "war-torn Kursk region. Earlier, up to 15,000 North Korean troops fought alongside "
        "Russian forces there to drive out Ukrainian soldiers."
    ),
    (
        "State media said the combat engineers returned home after a demining operation in "
        "Kursk. A large welcoming ceremony was held Friday in a plaza in Pyongyang, the "
        "North Korean capital, where Mr. Kim thanked the troops for their “sacred mission” "
        "and praised their “brilliant military exploits.”"
    ),
    (
        "“You could work a miracle of turning a vast area of danger zone into a safe and "
        "secure one in a matter of less than three months,” Mr. Kim said in a speech to "
        "returning members of North Korea’s 528th Regiment of Engineers. “Except for the "
        "heart-rending loss of nine lives, all the officers and soldiers of the regiment "
        "have returned to the motherland.”"
    ),
    (
        "Photos in state media showed Mr. Kim hugging returning soldiers, including five in "
        "wheelchairs. He affixed medals designating North Korea’s “heroes” to portraits of "
        "the nine killed in action and knelt to place white chrysanthemums before a "
        "memorial wall."
    ),
    (
        "Family members of the dead soldiers were shown touching their sons’ portraits in "
        "tears, photos showed."
    ),
    (
        "North Korea has aided Russia’s war efforts by sending not only its troops but also "
        "large shipments of artillery shells, missiles and other weapons. During the war, "
        "Moscow and Pyongyang revived their Cold War-era treaty of mutual defense and "
        "cooperation."
    ),
    (
        "South Korean intelligence officials and analysts said Russia has reciprocated by "
        "providing North Korea with fuel, food and military materials and technologies that "
        "they fear could help modernize its military. At least hundreds of North Korean "
        "troops are believed to have been killed in the war, they said."
    ),
    (
        "Since June, North Korea has publicly paid tribute to fallen soldiers and honored "
        "returning troops with medals to bolster domestic support for Mr. Kim’s decision to "
        "join Russia’s war against Ukraine."
    ),
    (
        "State media has shown what it says is footage of North Korean troops charging into "
        "minefields or heavy gunfire without hesitation, as well as wounded soldiers "
        "detonating grenades to kill themselves rather than being taken prisoner."
    ),
]


@dataclass(frozen=True)
class SeedCase:
    file: str
    paragraphs: list[str]
    title: str | None
    publisher: str | None
    author: str | None
    published_at: datetime | None
    drops: dict[str, str]  # dropped line -> reason (a selection that pins the reasons)


SEED_CASES = [
    SeedCase(
        file="000_dd9ffad1d557a184.txt",
        paragraphs=SEED_000_BROADCAST,
        title="NK discloses returned soldiers’ remains",
        publisher=None,
        author=None,
        published_at=datetime(2025, 7, 2, 15, 33, 11),
        drops={
            "[News Today] NK discloses returned soldiers’ remains": "title",
            "입력 2025-07-02 15:33:11 수정 2025-07-02 15:36:23 News Today": "timestamp",
            "[LEAD]": "broadcast_marker",
            "[REPORT]": "broadcast_marker",
        },
    ),
    SeedCase(
        file="001_fb74129c95015117.txt",
        paragraphs=SEED_001_COMMENTS,
        title=None,
        publisher=None,
        author=None,
        published_at=None,
        drops={
            "4 Comments": "comments",
            "Noir Black": "comments",
            "Donatello": "comments",
            "Kim Jong Un is glorifying war and death while ignoring the suffering of average "
            "North Koreans at home.": "comments",
        },
    ),
    SeedCase(
        file="002_2435aca23e57e942.txt",
        paragraphs=SEED_002_CAPTIONS,
        title=None,
        publisher=None,
        author=None,
        published_at=None,
        drops={},
    ),
    SeedCase(
        file="003_8cf27281098734bd.txt",
        paragraphs=SEED_003_APPEAL,
        title="Kim Jong Un Honors North Korean Soldiers Killed Fighting for Russia",
        publisher="The Moscow Times",
        author=None,
        published_at=None,
        drops={
            "Support The Moscow Times!": "appeal",
            "Kim Jong Un Honors North Korean Soldiers Killed Fighting for Russia": "title",
            "KCNA": "credit",
            "Sign up for our free weekly newsletter": "newsletter",
            "Subscribers agree to the Privacy Policy": "newsletter",
            "Dear readers,": "appeal",
            "We, the journalists of The Moscow Times, refuse to be silenced. But to continue our "
            "work, we need your help.": "appeal",
            "Monthly": "appeal",
            "paiment methods": "appeal",
            "Remind me later.": "appeal",
            "Read more": "widget",
        },
    ),
    SeedCase(
        file="004_ad42f186b11cc35e.txt",
        paragraphs=SEED_004_SYNDICATED,
        title="North Korean Soldiers Return to Fanfare After Serving in Russia’s War With Ukraine",
        publisher="New York Times",
        author="Choe Sang-Hun",
        published_at=None,
        drops={
            "Choe Sang-Hun is the lead reporter for The Times in Seoul, covering South and North "
            "Korea.": "byline",
            "The post North Korean Soldiers Return to Fanfare After Serving in Russia’s War With "
            "Ukraine appeared first on New York Times.": "syndication",
        },
    ),
]


def _clean_seed(case: SeedCase) -> CleanedText:
    return clean_text((SEEDS / case.file).read_text(encoding="utf-8"), source="text")


@pytest.mark.parametrize("case", SEED_CASES, ids=lambda case: case.file[:3])
def test_seed_body_is_exactly_its_report_paragraphs_in_order(case: SeedCase) -> None:
    assert _paragraphs(_clean_seed(case)) == case.paragraphs


@pytest.mark.parametrize("case", SEED_CASES, ids=lambda case: case.file[:3])
def test_seed_metadata_comes_from_its_chrome(case: SeedCase) -> None:
    result = _clean_seed(case)
    assert (result.title, result.publisher, result.author, result.published_at) == (
        case.title,
        case.publisher,
        case.author,
        case.published_at,
    )


@pytest.mark.parametrize("case", SEED_CASES, ids=lambda case: case.file[:3])
def test_seed_drops_carry_their_reasons(case: SeedCase) -> None:
    dropped = _dropped(_clean_seed(case))
    assert {line: dropped.get(line) for line in case.drops} == case.drops
    assert set(dropped.values()) <= REASONS


@pytest.mark.parametrize("case", SEED_CASES, ids=lambda case: case.file[:3])
def test_seed_every_input_line_is_either_kept_or_dropped(case: SeedCase) -> None:
    """Nothing vanishes silently: the audit trail plus the body account for every line."""
    text = (SEEDS / case.file).read_text(encoding="utf-8")
    result = _clean_seed(case)
    dropped_numbers = {line.line_no for line in result.dropped}
    lines = text.splitlines()
    for line_no, line in enumerate(lines):
        if not line.strip():
            continue
        if line_no in dropped_numbers:
            assert lines[line_no] == next(d.text for d in result.dropped if d.line_no == line_no)
        else:
            assert " ".join(line.split()) in result.body


def test_broadcast_speaker_captions_stay_before_their_quotes() -> None:
    body = _paragraphs(_clean_seed(SEED_CASES[0]))
    assert body[body.index("N. Korean Central TV") + 1].startswith("The friendship")
    assert body[body.index("Hong Min / Korea Institute for Nat’l Unification") + 1].startswith(
        "N. Korea prevents public anxiety"
    )


# --------------------------------------------------------------------------------------------
# Other outlets' chrome around a report
# --------------------------------------------------------------------------------------------

# A report whose sentences carry the words chrome rules key on; all of it must survive.
REPORT = [
    "North Korea has confirmed for the first time that it sent troops to fight for Russia, "
    "saying its soldiers helped Moscow drive Ukrainian forces out of the Kursk region.",
    "The Central Military Commission of the ruling Workers’ Party said in a statement carried "
    "by KCNA on Monday that the deployment was ordered by Kim Jong Un under a mutual defence "
    "treaty signed with Moscow last year.",
    "“We need your help to bring our sons home,” said the mother of one soldier, according to "
    "a defector group that says it is in contact with families in the North.",
    "Support for the treaty among South Koreans has fallen sharply, with only 31% backing "
    "closer ties between Seoul and Moscow in a Gallup Korea poll published on April 25, 2025.",
    "South Korea’s spy agency told lawmakers that about 4,700 North Korean soldiers had been "
    "killed or wounded, and that Pyongyang had signed up for further rotations.",
    "The party’s own newsletter, distributed to subscribers in the capital, praised the troops "
    "as heroes.",
    "Lawmakers in Seoul have invited public comments on a bill that would expand support for "
    "defectors.",
    "We visited the memorial in Pyongyang on a government-organised tour, where officials "
    "would not answer questions about casualties.",
    "Kim Jong Un later told a ceremony that the soldiers had shown “the honour of our army” to "
    "the world.",
]
GUARDIAN_STANDFIRST = (
    "Pyongyang says soldiers helped Moscow ‘liberate’ Kursk region, in first official "
    "acknowledgment"
)
YONHAP_LEAD = "SEOUL, April 28 (Yonhap) -- " + REPORT[0]


@dataclass(frozen=True)
class OutletCase:
    fixture: str
    title: str | None
    author: str | None
    publisher: str | None
    published_at: datetime | None
    report: tuple[str, ...] = tuple(REPORT)


OUTLET_CASES = [
    OutletCase(
        "guardian_support_ask.txt",
        title="North Korea confirms for first time it sent troops to fight for Russia",
        author="Justin McCurry",
        publisher="The Guardian",
        published_at=datetime(2025, 4, 28, 6, 12),
        report=(GUARDIAN_STANDFIRST, *REPORT),
    ),
    OutletCase(
        "reuters_wire.txt",
        title="North Korea confirms troops fought for Russia in Kursk, first official "
        "acknowledgement",
        author="Hyonhee Shin and Joyce Lee",
        publisher=None,
        published_at=datetime(2025, 4, 28, 8, 21),
    ),
    OutletCase(
        "ap_news.txt",
        title="North Korea acknowledges sending troops to Russia for the first time",
        author="Kim Tong-Hyung",
        publisher=None,
        published_at=datetime(2025, 4, 28, 4, 51),  # only "Updated" is printed
    ),
    OutletCase(
        "cnn_live.txt",
        title="North Korea confirms it sent troops to help Russia retake Kursk",
        author="Yoonjung Seo and Gawon Bae",
        publisher="CNN",
        published_at=datetime(2025, 4, 27, 21, 15),  # "Published" wins over "Updated"
    ),
    OutletCase(
        "bbc_news.txt",
        title="North Korea admits sending troops to Russia for first time",
        author="Jean Mackenzie",
        publisher=None,
        published_at=datetime(2025, 4, 27),
    ),
    OutletCase(
        "yonhap_wire.txt",
        title="N. Korea confirms troop deployment to Russia for 1st time",
        author="Kim Soo-yeon",
        publisher="Yonhap",
        published_at=datetime(2025, 4, 28, 7, 45),
        report=(YONHAP_LEAD, *REPORT[1:]),
    ),
    OutletCase(
        "korea_herald.txt",
        title="North Korea confirms sending troops to Russia",
        author="Ji Da-gyum",
        publisher=None,
        published_at=datetime(2025, 4, 28, 10, 32, 11),
    ),
    OutletCase(
        "nk_news_member.txt",
        title="North Korea confirms it sent troops to Russia, says Kim ordered deployment",
        author="Colin Zwirko",
        publisher=None,
        published_at=datetime(2025, 4, 28),
    ),
    OutletCase(
        "daily_nk.txt",
        title="North Korea holds ceremony for soldiers returned from Russia",
        author="Jeong Tae Joo",
        publisher=None,
        published_at=datetime(2025, 4, 28, 15, 0),
    ),
    OutletCase(
        "wordpress_comments.txt",
        title=None,
        author=None,
        publisher=None,
        published_at=None,
    ),
    OutletCase(
        "disqus_thread.txt",
        title=None,
        author=None,
        publisher=None,
        published_at=None,
    ),
    OutletCase(
        "substack_post.txt",
        title="What Kursk taught Pyongyang",
        author="Andrei Lankov",
        publisher="The Pyongyang Ledger",
        published_at=datetime(2025, 4, 28),
    ),
    OutletCase(
        "links_and_ads.txt",
        title="Seoul says North Korean casualties in Kursk have reached 4,700",
        author=None,
        publisher=None,
        published_at=None,
    ),
]


def _fill(template: str, report: tuple[str, ...]) -> tuple[str, list[str]]:
    """The page text with the report put back, and the fixture's own (chrome) lines."""
    separator = "\n\n" if "\n\n" in template.strip() else "\n"
    remaining = list(report)
    out: list[str] = []
    chrome: list[str] = []
    for line in template.strip().split(separator):
        if line.strip() == "{{report}}":
            out.append(remaining.pop(0))
        elif line.strip() == "{{report*}}":
            out.extend(remaining)
            remaining = []
        else:
            out.append(line)
            chrome.extend(part.strip() for part in line.split("\n") if part.strip())
    assert not remaining, "fixture has fewer report slots than paragraphs"
    return separator.join(out), chrome


def _clean_outlet(case: OutletCase, source: InputKind = "text") -> tuple[CleanedText, list[str]]:
    text, chrome = _fill((FIXTURES / case.fixture).read_text(encoding="utf-8"), case.report)
    return clean_text(text, source=source), chrome


@pytest.mark.parametrize("case", OUTLET_CASES, ids=lambda case: case.fixture[:-4])
def test_outlet_chrome_is_gone_and_every_report_paragraph_survives_in_order(
    case: OutletCase,
) -> None:
    result, chrome = _clean_outlet(case)
    assert _paragraphs(result) == list(case.report)
    assert sorted(line.text.strip() for line in result.dropped) == sorted(chrome)


@pytest.mark.parametrize("case", OUTLET_CASES, ids=lambda case: case.fixture[:-4])
def test_outlet_metadata_is_read_from_its_chrome(case: OutletCase) -> None:
    result, _ = _clean_outlet(case)
    assert (result.title, result.author, result.publisher, result.published_at) == (
        case.title,
        case.author,
        case.publisher,
        case.published_at,
    )


@pytest.mark.parametrize(
    ("fixture", "line", "reason"),
    [
        ("guardian_support_ask.txt", "This article is more than 5 months old", "timestamp"),
        (
            "guardian_support_ask.txt",
            "Accepted payment methods: Visa, Mastercard, American Express and PayPal",
            "appeal",
        ),
        (
            "reuters_wire.txt",
            "The Reuters Daily Briefing newsletter provides all the news you "
            "need to start your day. Sign up here.",
            "newsletter",
        ),
        (
            "reuters_wire.txt",
            "Reporting by Hyonhee Shin and Joyce Lee; Additional reporting by "
            "Guy Faulconbridge in Moscow; Editing by Lincoln Feast and Kate Mayberry",
            "byline",
        ),
        ("ap_news.txt", "Follow Kim Tong-hyung on X: https://x.com/KimTongHyung", "widget"),
        (
            "ap_news.txt",
            "Associated Press writer Hyung-jin Kim in Seoul contributed to this report.",
            "byline",
        ),
        ("cnn_live.txt", "Seoul, South Korea (CNN) —", "dateline"),
        ("cnn_live.txt", "4 minute read", "widget"),
        ("bbc_news.txt", "Seoul correspondent", "byline"),
        ("yonhap_wire.txt", "(END)", "broadcast_marker"),
        ("yonhap_wire.txt", "ksy@yna.co.kr", "byline"),
        ("korea_herald.txt", "Photo: Yonhap", "credit"),
        (
            "nk_news_member.txt",
            "Want to read more? Become a member to get unlimited access to NK News and NK Pro.",
            "appeal",
        ),
        (
            "daily_nk.txt",
            "Please direct any comments or questions about this article to "
            "dailynkenglish@uni-media.net.",
            "byline",
        ),
        ("wordpress_comments.txt", "3 thoughts on “North Korea’s losses in Kursk”", "comments"),
        (
            "wordpress_comments.txt",
            "We need to remember these are conscripts with no choice.",
            "comments",
        ),
        (
            "substack_post.txt",
            "Thanks for reading The Pyongyang Ledger! Subscribe for free to "
            "receive new posts and support my work.",
            "appeal",
        ),
        ("substack_post.txt", "Discussion about this post", "comments"),
        ("disqus_thread.txt", "- What North Korea gains from Russia’s war", "widget"),
        ("disqus_thread.txt", "12 Comments", "comments"),
        ("disqus_thread.txt", "Finally an admission. Now count the dead.", "comments"),
        ("links_and_ads.txt", "World", "widget"),
        ("links_and_ads.txt", "Advertisement", "widget"),
        ("links_and_ads.txt", "Read more: Kim Jong Un vows to keep backing Russia’s war", "widget"),
        ("links_and_ads.txt", "- Russia thanks Pyongyang for “heroic” troops", "widget"),
    ],
)
def test_outlet_chrome_lines_are_dropped_for_the_right_reason(
    fixture: str, line: str, reason: str
) -> None:
    case = next(case for case in OUTLET_CASES if case.fixture == fixture)
    result, _ = _clean_outlet(case)
    assert _dropped(result)[line] == reason


def test_report_without_chrome_loses_nothing() -> None:
    result = clean_text("\n\n".join(REPORT))
    assert _paragraphs(result) == REPORT
    assert result.dropped == ()
    assert (result.title, result.publisher, result.author, result.published_at) == (
        None,
        None,
        None,
        None,
    )


# --------------------------------------------------------------------------------------------
# Report sentences that merely look like chrome
# --------------------------------------------------------------------------------------------


def _survives(paragraph: str) -> bool:
    """Kept in both modes, in the middle of a report and as its last paragraph."""
    lead, tail = REPORT[0], REPORT[-1]
    for paragraphs in ([lead, paragraph, tail], [lead, tail, paragraph]):
        for source in SOURCES:
            result = clean_text("\n\n".join(paragraphs), source=source)
            if paragraph not in _paragraphs(result):
                return False
    return True


@pytest.mark.parametrize(
    "paragraph",
    [
        "Support for the deployment is strongest among older party members, analysts say.",
        "Subscribers to Rodong Sinmun received a special edition with photographs of the coffins.",
        "Comments by the foreign ministry spokesperson were carried in full by KCNA.",
        "The ministry’s weekly newsletter said the soldiers had been decorated.",
        "We asked the defence ministry how many soldiers had returned; it declined to comment.",
        "“We need your help, and we need your support,” Kim told the families, according to "
        "state media.",
        "By the end of April, at least 4,700 soldiers had been killed or wounded.",
        "On July 2, 2025, state media aired footage of the repatriation ceremony.",
        "Lee is a former reporter for the Rodong Sinmun who defected to the South in 2019.",
        "Follow-up talks between the two militaries are planned for next month.",
        "Read the full text of the treaty and you will find no mention of ground troops, "
        "one analyst said.",
        "Donations of rice and cloth were sent to the families of the dead, KCNA said.",
        "Residents of border towns can sign up for evacuation drills at their local office.",
        "Click-through rates on state media websites have not been published since 2019.",
        "Share prices in Seoul fell 2% on Monday.",
        "Support grew after the ceremony!",
        "Subscribe to the party line or face punishment, defectors say.",
        "A message from Kim was read out at the ceremony.",
        "Donate blood, officials urged residents of Pyongyang.",
        "Thank you, comrades, Kim told the soldiers.",
        "Ahn Chan-il is a North Korea analyst at the World Institute for North Korea Studies.",
        "Published in Pyongyang on July 2, 2025, the letter was signed by Kim.",
        "“Glory to the heroes”",
    ],
)
def test_report_sentences_with_chrome_words_survive(paragraph: str) -> None:
    assert _survives(paragraph)


def test_quoted_plea_right_before_a_real_appeal_survives() -> None:
    quoted = (
        "“Please support us, we cannot do this alone,” one mother wrote in a letter read out "
        "on state television."
    )
    text = "\n\n".join(
        [
            *REPORT[:3],
            quoted,
            "Dear readers,",
            "Our journalism is funded by readers like you. Please support us with a donation "
            "today.",
            "Donate now",
        ]
    )
    result = clean_text(text)
    assert _paragraphs(result) == [*REPORT[:3], quoted]


def test_report_resumes_after_a_mid_article_newsletter_box() -> None:
    """Mid-text, only lines that are chrome on their own go with the box."""
    box = [
        "Sign up for our Korea Briefing newsletter",
        "Get the day’s top stories from Seoul delivered to your inbox every morning.",
    ]
    chatty = "We asked the ministry about casualties, and it would not say how many had died."
    text = "\n".join([REPORT[0], REPORT[1], *box, chatty, *REPORT[2:]])
    for source in SOURCES:
        result = clean_text(text, source=source)
        assert _paragraphs(result) == [REPORT[0], REPORT[1], chatty, *REPORT[2:]]
        assert [line.reason for line in result.dropped] == ["newsletter", "newsletter"]


def test_a_long_sentence_about_some_other_sign_up_is_not_a_newsletter_box() -> None:
    """Shopping and service advice signs readers up for things; a newsletter box talks mail."""
    advice = (
        "If you only want the ministry’s updates on the returning soldiers, you can sign up for "
        "a free seven-day trial of its text service, and after that you pay 3,000 won a month."
    )
    assert _survives(advice)


def test_a_long_newsletter_blurb_is_still_a_newsletter_box() -> None:
    blurb = (
        "Our Korea Briefing newsletter brings you the day’s top stories from Seoul, and if you "
        "sign up today you will find it in your inbox before breakfast every weekday morning."
    )
    for source in SOURCES:
        result = clean_text("\n\n".join([*REPORT[:3], blurb, *REPORT[3:]]), source=source)
        assert _dropped(result)[blurb] == "newsletter"
        assert _paragraphs(result) == REPORT


CLOSING_PROMO = (
    "Follow @KoreaMonitorDeals on Twitter to keep up with the latest deals from Seoul. Prices "
    "may change without notice, and some offers may not be available to every reader. Korea "
    "Monitor may receive a commission on orders placed through the links in this article."
)
CLOSING_APPEAL = (
    "If you enjoyed this article, we have a proposition for you: join the Korea Monitor club. "
    "Members get all of our stories, the weekly magazine, a site with fewer advertisements and "
    "calls with our correspondents in Seoul and Tokyo, and they help keep the newsroom going. "
    "Consider it?"
)


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize(
    ("promo", "reason"), [(CLOSING_PROMO, "widget"), (CLOSING_APPEAL, "appeal")]
)
def test_a_long_closing_promo_goes_with_its_opening_line(
    source: InputKind, promo: str, reason: str
) -> None:
    result = clean_text("\n\n".join([*REPORT, promo]), source=source)
    assert _paragraphs(result) == REPORT
    assert _dropped(result)[promo] == reason


@pytest.mark.parametrize("source", SOURCES)
def test_a_long_promo_shaped_paragraph_mid_report_is_kept(source: InputKind) -> None:
    text = "\n\n".join([*REPORT[:3], CLOSING_PROMO, *REPORT[3:]])
    assert CLOSING_PROMO in _paragraphs(clean_text(text, source=source))


@pytest.mark.parametrize("source", SOURCES)
def test_a_long_closing_paragraph_is_judged_by_its_opening_sentence(source: InputKind) -> None:
    closing = (
        "State media said thousands of residents lined the streets of Pyongyang to greet the "
        "returning engineers. Follow @KoreaMonitor on Twitter for updates, one of the officials "
        "told foreign reporters, who were not allowed to film the ceremony or the coffins."
    )
    assert _paragraphs(clean_text("\n\n".join([*REPORT, closing]), source=source))[-1] == closing


def test_bio_shape_is_a_byline_only_after_the_report() -> None:
    bio = "Lee Min-ji is a reporter for the Korea Times covering North Korea."
    in_middle = clean_text("\n\n".join([REPORT[0], bio, *REPORT[1:]]))
    at_tail = clean_text("\n\n".join([*REPORT, bio]))
    assert bio in _paragraphs(in_middle)
    assert bio not in _paragraphs(at_tail)
    assert at_tail.author == "Lee Min-ji"


def test_comment_header_before_any_report_does_not_swallow_the_report() -> None:
    result = clean_text("\n\n".join(["Comments", *REPORT]))
    assert _paragraphs(result)[-len(REPORT) :] == REPORT


# --------------------------------------------------------------------------------------------
# Titles, dates and bylines
# --------------------------------------------------------------------------------------------


def test_first_sentence_is_never_taken_as_title() -> None:
    assert clean_text("\n".join(REPORT)).title is None


def test_program_tag_is_not_part_of_the_title() -> None:
    result = clean_text("[Morning Edition] Kim visits troops\n\n" + "\n\n".join(REPORT))
    assert result.title == "Kim visits troops"
    assert _paragraphs(result) == REPORT


def test_headline_alone_is_kept_as_body_not_title() -> None:
    result = clean_text("Kim visits troops")
    assert (result.title, result.body) == (None, "Kim visits troops")


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("입력 2025.07.02. 오후 3:33 수정 2025.07.02. 오후 4:10", datetime(2025, 7, 2, 15, 33)),
        ("기사입력 :[ 2018-08-25 15:24 ]", datetime(2018, 8, 25, 15, 24)),
        ("Published: 2 July 2025", datetime(2025, 7, 2)),
        ("UPDATED: Tue., Nov. 19, 2019", datetime(2019, 11, 19)),
        ("Posted on July 2nd, 2025 at 3:33 p.m.", datetime(2025, 7, 2, 15, 33)),
        ("5:45 AM PST 11/19/2019", datetime(2019, 11, 19, 5, 45)),
        ("2 hours ago", None),
        ("Three hours ago", None),
    ],
)
def test_timestamp_lines_are_dropped_and_read_as_printed(
    stamp: str, expected: datetime | None
) -> None:
    result = clean_text("A headline about Kim\n" + stamp + "\n" + "\n".join(REPORT))
    assert _dropped(result)[stamp] == "timestamp"
    assert result.published_at == expected
    assert _paragraphs(result) == REPORT


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Choe Sang-Hun", "Choe Sang-Hun"),
        ("By Hyonhee Shin, Joyce Lee and Ju-min Park", "Hyonhee Shin, Joyce Lee and Ju-min Park"),
        ("By Jean Mackenzie, Seoul correspondent", "Jean Mackenzie"),
        ("By Ji Da-gyum (dagyumji@heraldcorp.com)", "Ji Da-gyum"),
        ("홍길동 기자 hong@kbs.co.kr", "홍길동"),
    ],
)
def test_byline_lines_give_the_author(byline: str, author: str) -> None:
    result = clean_text("A headline about Kim\n" + byline + "\n" + "\n".join(REPORT))
    assert result.author == author
    assert _dropped(result)[byline] == "byline"


def test_reporting_credit_gives_the_author_when_there_is_no_byline() -> None:
    footer = "(Reporting by Joyce Lee; Editing by Ed Davies)"
    result = clean_text("\n".join([*REPORT, footer]))
    assert result.author == "Joyce Lee"
    assert _paragraphs(result) == REPORT


@pytest.mark.parametrize(
    ("footer", "publisher"),
    [
        ("This article was originally published on NK News.", "NK News"),
        (
            "This article is republished from The Conversation under a Creative Commons license.",
            "The Conversation",
        ),
        ("© 2025 The Associated Press. All rights reserved.", "The Associated Press"),
    ],
)
def test_syndication_and_rights_footers_give_the_publisher(footer: str, publisher: str) -> None:
    result = clean_text("\n".join([*REPORT, footer]), source="html")
    assert result.publisher == publisher
    assert _dropped(result)[footer] == "syndication"
    assert _paragraphs(result) == REPORT


# --------------------------------------------------------------------------------------------
# html mode: trafilatura output, chrome lines only
# --------------------------------------------------------------------------------------------


def test_html_mode_removes_chrome_but_keeps_headline_and_short_lines() -> None:
    text = "\n".join(
        [
            "North Korea confirms troops fought in Kursk",
            *REPORT[:4],
            "N. Korean Central TV",
            "“The friendship built in blood will last forever.”",
            *REPORT[4:],
            "Sign up for our free weekly newsletter",
            "Our newsletter brings you the best of our reporting. You will receive it every "
            "Friday.",
            "The post North Korea confirms troops fought in Kursk appeared first on Korea Monitor.",
        ]
    )
    result = clean_text(text, source="html")
    assert _paragraphs(result) == [
        "North Korea confirms troops fought in Kursk",
        *REPORT[:4],
        "N. Korean Central TV",
        "“The friendship built in blood will last forever.”",
        *REPORT[4:],
    ]
    assert (result.title, result.publisher) == (
        "North Korea confirms troops fought in Kursk",
        "Korea Monitor",
    )


def test_html_mode_keeps_a_trailing_short_line_text_mode_would_drop() -> None:
    text = "\n".join([*REPORT, "Seoul bureau"])
    assert _paragraphs(clean_text(text, source="html"))[-1] == "Seoul bureau"
    assert _paragraphs(clean_text(text, source="text")) == REPORT


# --------------------------------------------------------------------------------------------
# Text shape: line endings, wrapping, whitespace, Unicode
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_endings_clean_like_unix(newline: str) -> None:
    text = (SEEDS / SEED_CASES[3].file).read_text(encoding="utf-8")
    unix = clean_text(text)
    other = clean_text(text.replace("\n", newline))
    assert other.body == unix.body
    assert [(d.line_no, d.text, d.reason) for d in other.dropped] == [
        (d.line_no, d.text, d.reason) for d in unix.dropped
    ]


def test_dropped_line_numbers_index_the_input_lines() -> None:
    text = (SEEDS / SEED_CASES[3].file).read_text(encoding="utf-8")
    lines = text.split("\n")
    for dropped in clean_text(text).dropped:
        assert lines[dropped.line_no] == dropped.text


def test_hard_wrapped_paragraphs_are_folded_into_one() -> None:
    wrapped = (
        "North Korea has confirmed for the first time that it sent troops to\n"
        "fight for Russia, saying its soldiers helped Moscow drive Ukrainian\n"
        "forces out of the Kursk region.\n"
        "\n"
        "The Central Military Commission of the ruling Workers’ Party said in\n"
        "a statement carried by KCNA on Monday that the deployment was ordered\n"
        "by Kim Jong Un under a mutual defence treaty signed with Moscow last year."
    )
    assert _paragraphs(clean_text(wrapped)) == REPORT[:2]


def test_single_newline_paragraphs_stay_separate() -> None:
    assert _paragraphs(clean_text("\n".join(REPORT))) == REPORT


def test_whitespace_is_folded_and_text_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Kim met the café owner in Pyeongyang’s old town.")
    text = f"  {decomposed}\t  It was  his   first visit.  \n\n{REPORT[0]}"
    result = clean_text(text)
    assert _paragraphs(result)[0] == (
        "Kim met the café owner in Pyeongyang’s old town. It was his first visit."
    )
    assert unicodedata.is_normalized("NFC", result.body)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\r\n \t\n"])
def test_empty_input_gives_empty_body(text: str) -> None:
    assert clean_text(text) == CleanedText(body="")


# --------------------------------------------------------------------------------------------
# More shapes: wrapped chrome, datelines, comment dates, script cues
# --------------------------------------------------------------------------------------------


def test_a_hard_wrapped_appeal_is_dropped_line_by_line() -> None:
    appeal = (
        "Dear readers, our newsroom depends on you. If you value our journalism,\n"
        "please support us with a monthly donation: every contribution keeps our\n"
        "reporting free to read for everyone."
    )
    text = "\n\n".join([*REPORT, appeal])
    result = clean_text(text)
    first_line = text.split("\n").index(appeal.split("\n")[0])
    assert _paragraphs(result) == REPORT
    assert [(d.line_no, d.reason) for d in result.dropped] == [
        (first_line, "appeal"),
        (first_line + 1, "appeal"),
        (first_line + 2, "appeal"),
    ]


def test_a_wire_dateline_opening_the_report_names_the_publisher_and_stays() -> None:
    lead = "SEOUL, South Korea (CNN) — " + REPORT[0]
    result = clean_text("\n\n".join([lead, *REPORT[1:]]))
    assert result.publisher == "CNN"
    assert _paragraphs(result)[0] == lead


def test_dates_inside_the_comment_section_are_not_the_publication_date() -> None:
    comments = ["2 Comments", "Min-jun", "Posted on April 29, 2025 at 9:14 am", "So sad."]
    result = clean_text("\n".join([*REPORT, *comments]))
    assert result.published_at is None
    assert [d.reason for d in result.dropped] == ["comments"] * 4


@pytest.mark.parametrize("marker", ["[LEAD]", "[Anchor Lead]", "[Pkg]", "[REPORTER]", "(END)"])
def test_broadcast_script_markers_are_dropped(marker: str) -> None:
    result = clean_text("\n\n".join([REPORT[0], marker, *REPORT[1:]]))
    assert _paragraphs(result) == REPORT
    assert _dropped(result) == {marker: "broadcast_marker"}


def test_a_bracketed_citation_is_not_a_broadcast_marker() -> None:
    citation = "[Rodong Sinmun, 29 April 2025, p. 2]"
    assert _survives(citation)
