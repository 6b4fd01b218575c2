"""Every number the synthetic county is calibrated to, with where it comes from.

Published Kent figures are embedded here as data (the files under ../shared/data are read by
no code at run time). Where no Kent figure exists the value is marked ASSUMPTION and says what
it rests on. Rates are fractions (0.261 = 26.1%). The generator (frontdoor.demo.generator)
turns these into schools, pupils and histories; the tests check the county comes close.

Sources, by short name:
- LAIT: DfE Local Authority Interactive Tool big data set, Kent (886) rows, read from
  shared/data/send_frontdoor/lait/derived_kent_england_southeast_extract.csv. LAIT year "2025"
  is the academic year 2024/25 (January 2025 census) or the year to 31 March 2025.
- CENSUS2019: performance-tables census file, January 2019, Kent state-funded rows (583
  schools), shared/data/kent_schools/kent_school_census_jan2019.csv.
- REGISTER: shared/data/kent_schools/kent_schools_register_combined.csv and
  kent_schools_gias.csv (GIAS c.2025, Kent maintained schools only).
- SCORECARD: DfE school places scorecard 2024/25, Kent, shared/data/kent_schools/.
- OFSTED2020: shared/data/kent_schools/kent_school_ofsted_ratings_c2020.csv (175 Kent URNs).
- ONS: ONS LTLA→UTLA lookup April 2023 (shared/data/kent_schools/kent_districts.csv) and
  ONS mid-2023 population estimates (approximate, rounded; used only as weights).
"""

from dataclasses import dataclass
from datetime import date

LA_CODE = "886"  # DfE local authority code for Kent
LA_NAME = "Kent"

# Fictional identifiers: real URNs are six digits below 160000 and GIAS group UIDs are below
# 20000, so these ranges cannot collide with a real school or trust.
DEMO_URN_FIRST = 900001
DEMO_URN_LAST = 999999
DEMO_TRUST_UID_FIRST = 90001


@dataclass(frozen=True)
class District:
    code: str  # ONS LTLA code (ONS, April 2023)
    name: str
    area: str  # Kent's SEND area office
    population: int  # ONS mid-2023, approximate (weights only)
    deprivation: float  # relative FSM multiplier (ASSUMPTION, see below)
    diversity: float  # relative share of pupils not White British (ASSUMPTION)
    towns: tuple[tuple[str, str], ...]  # (real town, its postcode district)


# Deprivation: ASSUMPTION, ordered after the English Indices of Deprivation 2019 district
# ranks (Thanet most deprived in Kent, then Swale, Folkestone and Hythe, Dover, Gravesham;
# Sevenoaks, Tunbridge Wells and Tonbridge and Malling least). Only the ratios matter: the
# generator rescales them so that county rates hit the LAIT targets.
# Diversity: ASSUMPTION, ordered after the 2021 Census (Gravesham and Dartford the most
# ethnically diverse Kent districts; the Weald and rural east the least). Rescaled likewise.
DISTRICTS: tuple[District, ...] = (
    District(
        "E07000105",
        "Ashford",
        "South",
        136_500,
        1.00,
        1.15,
        (
            ("Ashford", "TN23"),
            ("Tenterden", "TN30"),
            ("Wye", "TN25"),
            ("Charing", "TN27"),
            ("Hamstreet", "TN26"),
            ("Kennington", "TN24"),
            ("Willesborough", "TN24"),
        ),
    ),
    District(
        "E07000106",
        "Canterbury",
        "East",
        158_000,
        0.95,
        1.00,
        (
            ("Canterbury", "CT1"),
            ("Whitstable", "CT5"),
            ("Herne Bay", "CT6"),
            ("Sturry", "CT2"),
            ("Chartham", "CT4"),
            ("Bridge", "CT4"),
        ),
    ),
    District(
        "E07000107",
        "Dartford",
        "North",
        122_000,
        0.95,
        1.90,
        (
            ("Dartford", "DA1"),
            ("Swanscombe", "DA10"),
            ("Greenhithe", "DA9"),
            ("Wilmington", "DA2"),
            ("Stone", "DA9"),
            ("Sutton-at-Hone", "DA4"),
        ),
    ),
    District(
        "E07000108",
        "Dover",
        "South",
        118_500,
        1.20,
        0.70,
        (
            ("Dover", "CT16"),
            ("Deal", "CT14"),
            ("Sandwich", "CT13"),
            ("Aylesham", "CT3"),
            ("Walmer", "CT14"),
            ("Eastry", "CT13"),
        ),
    ),
    District(
        "E07000109",
        "Gravesham",
        "North",
        109_000,
        1.15,
        2.20,
        (
            ("Gravesend", "DA12"),
            ("Northfleet", "DA11"),
            ("Meopham", "DA13"),
            ("Higham", "ME3"),
            ("Istead Rise", "DA13"),
        ),
    ),
    District(
        "E07000110",
        "Maidstone",
        "West",
        182_000,
        0.90,
        1.10,
        (
            ("Maidstone", "ME15"),
            ("Headcorn", "TN27"),
            ("Marden", "TN12"),
            ("Staplehurst", "TN12"),
            ("Lenham", "ME17"),
            ("Bearsted", "ME14"),
            ("Coxheath", "ME17"),
        ),
    ),
    District(
        "E07000111",
        "Sevenoaks",
        "North",
        121_000,
        0.60,
        0.75,
        (
            ("Sevenoaks", "TN13"),
            ("Swanley", "BR8"),
            ("Edenbridge", "TN8"),
            ("Westerham", "TN16"),
            ("Otford", "TN14"),
            ("Kemsing", "TN15"),
            ("New Ash Green", "DA3"),
        ),
    ),
    District(
        "E07000112",
        "Folkestone and Hythe",
        "South",
        111_000,
        1.25,
        0.85,
        (
            ("Folkestone", "CT20"),
            ("Hythe", "CT21"),
            ("New Romney", "TN28"),
            ("Lydd", "TN29"),
            ("Hawkinge", "CT18"),
            ("Sandgate", "CT20"),
        ),
    ),
    District(
        "E07000113",
        "Swale",
        "East",
        155_000,
        1.30,
        0.80,
        (
            ("Sittingbourne", "ME10"),
            ("Faversham", "ME13"),
            ("Sheerness", "ME12"),
            ("Minster-on-Sea", "ME12"),
            ("Queenborough", "ME11"),
            ("Teynham", "ME9"),
            ("Iwade", "ME9"),
        ),
    ),
    District(
        "E07000114",
        "Thanet",
        "East",
        142_000,
        1.55,
        1.15,
        (
            ("Margate", "CT9"),
            ("Ramsgate", "CT11"),
            ("Broadstairs", "CT10"),
            ("Birchington", "CT7"),
            ("Westgate-on-Sea", "CT8"),
            ("Minster", "CT12"),
        ),
    ),
    District(
        "E07000115",
        "Tonbridge and Malling",
        "West",
        136_000,
        0.70,
        0.75,
        (
            ("Tonbridge", "TN9"),
            ("West Malling", "ME19"),
            ("Snodland", "ME6"),
            ("Aylesford", "ME20"),
            ("Kings Hill", "ME19"),
            ("Hildenborough", "TN11"),
            ("Borough Green", "TN15"),
        ),
    ),
    District(
        "E07000116",
        "Tunbridge Wells",
        "West",
        117_000,
        0.60,
        0.80,
        (
            ("Royal Tunbridge Wells", "TN1"),
            ("Southborough", "TN4"),
            ("Cranbrook", "TN17"),
            ("Paddock Wood", "TN12"),
            ("Hawkhurst", "TN18"),
            ("Pembury", "TN2"),
        ),
    ),
)
DISTRICT_INDEX = {district.name: index for index, district in enumerate(DISTRICTS)}
# Kent's four SEND area offices (domain notes §3.7): East, South, West, North.
AREAS = ("East", "South", "West", "North")

# --- Schools ---------------------------------------------------------------------------------
# Counts at scale 1. CENSUS2019: 455 state-funded primary, 99 secondary, 22 special, 6 PRU
# (Kent's five behaviour PRUs and its Health Needs Education Service, domain notes §3.6).
# REGISTER: 32 selective secondaries. Infant/junior pairs: GIAS c.2025 has 16 infant-only
# and 13 junior-only among 224 maintained primaries; 24 pairs county-wide is an ASSUMPTION.
SCHOOL_COUNTS = {
    "primary": 407,
    "infant": 24,
    "junior": 24,  # one junior school per infant school (a pair shares a site and a name)
    "secondary": 67,  # non-selective
    "grammar": 32,
    "special": 22,
    "pru": 5,
    "health_needs": 1,
}
# Where the PRUs are and which districts each serves (domain notes §3.6 names the real ones;
# the demo's are fictional). Serving areas: ASSUMPTION, so that every district has one.
# (district, districts served, statutory ages); one takes primary-age pupils too.
PRUS = (
    ("Thanet", ("Thanet", "Dover", "Canterbury"), (11, 16)),
    ("Tonbridge and Malling", ("Tonbridge and Malling", "Tunbridge Wells"), (11, 16)),
    ("Folkestone and Hythe", ("Folkestone and Hythe", "Ashford"), (5, 16)),
    ("Dartford", ("Dartford", "Gravesham", "Sevenoaks"), (11, 16)),
    ("Maidstone", ("Maidstone", "Swale"), (11, 16)),
)
HEALTH_NEEDS_DISTRICT = "Maidstone"  # a county-wide service
HEALTH_NEEDS_AGES = (5, 16)

# Academies. ASSUMPTION from the brief and REGISTER: 224 of 455 primaries and 16 of 99
# secondaries were still LA-maintained c.2025; the brief puts academies at 40–45% of
# primaries and 85–90% of secondaries; 5 of 22 special schools are academies.
ACADEMY_SHARE = {"primary": 0.45, "secondary": 0.86, "special": 0.23}
MULTI_ACADEMY_TRUSTS = 60
SINGLE_ACADEMY_TRUSTS = 8  # mostly grammar schools that converted alone
# How academies came to be (ASSUMPTION, national pattern): converters, sponsored, free schools.
ACADEMY_ROUTES = {"converter": 0.74, "sponsor_led": 0.21, "free_school": 0.05}
# Maintained school types, REGISTER (GIAS c.2025, Kent maintained primaries: community 86,
# VC 76, VA 35, foundation 27; secondaries: foundation 12, community 2, VA 2, VC 1).
MAINTAINED_PRIMARY_TYPES = {"community": 86, "vc": 76, "va": 35, "foundation": 27}
MAINTAINED_SECONDARY_TYPES = {"foundation": 12, "community": 2, "va": 2, "vc": 1}
MAINTAINED_SPECIAL_TYPES = {"foundation_special": 15, "community_special": 2}
# Religious character, REGISTER: VC 73 CofE, 2 Methodist; VA 30 CofE, 6 Roman Catholic.
# Faith academies (ASSUMPTION): 14% of academy primaries CofE, 4% Roman Catholic.
RELIGION_VC = {"Church of England": 0.96, "Methodist": 0.04}
RELIGION_VA = {"Church of England": 0.82, "Roman Catholic": 0.18}
RELIGION_ACADEMY_PRIMARY = {"Church of England": 0.14, "Roman Catholic": 0.04}
RELIGION_ACADEMY_SECONDARY = {"Church of England": 0.06, "Roman Catholic": 0.04}

# Statutory age ranges of full primaries, REGISTER (4–11: 146, 5–11: 33, 3–11: 10, 2–11: 6).
PRIMARY_AGE_RANGES = {(4, 11): 146, (5, 11): 33, (3, 11): 10, (2, 11): 6}
SPECIAL_AGE_RANGES = {(4, 19): 5, (3, 19): 2, (2, 19): 1, (11, 19): 4, (5, 16): 2, (7, 16): 2}

# Admission numbers (PAN) and how full schools are (ASSUMPTION; CENSUS2019 medians: primary
# 216, secondary 1,029, special 212). The generator then scales every school's fill so that
# the rolls land on PRIMARY_ROLL and SECONDARY_ROLL below.
PRIMARY_PAN = {15: 5, 20: 6, 25: 4, 30: 36, 45: 10, 60: 27, 90: 9, 120: 3}
INFANT_PAN = {60: 50, 90: 40, 120: 10}
SECONDARY_PAN = {120: 5, 150: 11, 180: 18, 210: 22, 240: 20, 270: 14, 300: 10}
GRAMMAR_PAN = {120: 12, 150: 24, 180: 30, 210: 22, 240: 12}
# Rolls the county is scaled to (per school, so a county at --scale 0.1 has the same sized
# schools): SCORECARD 2024/25 PriNOR (R–Y6) and SecNOR (Y7–11).
PRIMARY_ROLL = 125_832
SECONDARY_ROLL = 93_515
FILL_MEAN = {"primary": 0.88, "secondary": 0.895, "grammar": 0.99}
FILL_SPREAD = {"primary": 0.08, "secondary": 0.10, "grammar": 0.03}
# Sixth forms: REGISTER, every Kent grammar has one; most non-selective schools do. Staying
# on into Y12 as a share of the Y11 cohort, and joiners from other schools (ASSUMPTION:
# together they put the county's school sixth forms near 11,000, which brings the total roll
# close to CENSUS2019's 234,879).
SIXTH_FORM_SHARE_NON_SELECTIVE = 0.78
SIXTH_FORM_STAY = {"grammar": 0.62, "secondary": 0.20}
SIXTH_FORM_JOINERS = 0.20  # of Y12, came from another school's Y11
Y13_RETENTION = 0.92
# Special schools: CENSUS2019 had 4,465 pupils in 22 schools (median 212); Kent has added
# special places since (EHC plans up from 17,733 in 2022 to 20,635 in 2025, LAIT). ASSUMPTION:
# about 7,000 pupils, which with LAIT's mainstream EHCP rates gives close to the all-schools
# EHCP rate of 5.8%.
SPECIAL_COHORT = (19, 41)  # pupils per year group, uniform
SPECIAL_FROM_MAINSTREAM = 0.45  # moved in from a mainstream school after its entry year
# PRUs (ASSUMPTION): CENSUS2019 shows Kent PRUs with almost no sole registrations; most
# pupils are dual registered, the main registration staying at their secondary school.
PRU_DUAL = (50, 80)  # current dual-registered pupils per behaviour PRU
# Single-registered per behaviour PRU: permanently excluded pupils, those excluded in the
# registers' years (below) and, making up the number, pupils excluded in the year before them.
PRU_SINGLE = (15, 30)
HEALTH_NEEDS_DUAL = (90, 130)
HEALTH_NEEDS_SINGLE = (5, 12)
PRU_PAST_PLACEMENTS = 0.6  # ended dual placements per current one (reintegrated pupils)

# Permanent exclusions in a year, of pupils on roll: LAIT 2023/24, Kent PriPermEx
# 0.016, SecPermEx 0.038 per 100 (TotPermEx 0.026; England 0.129, secondary 0.253); the latest
# Kent year, and near its 2021/22–2022/23 figures (0.008–0.026). Special schools: SpecPermEx
# 0 in 2023/24 (0.016–0.035 per 100 before, one or two pupils a year): none here.
PERMANENT_EXCLUSION = {"primary": 0.016 / 100, "secondary": 0.038 / 100}
# The year group excluded in (ASSUMPTION, the DfE's national figures by age: most at 13-15;
# in primary schools, mostly Key Stage 2), and the share of boys (about three in four).
PERMANENT_EXCLUSION_YEARS = {
    "primary": {1: 0.05, 2: 0.08, 3: 0.12, 4: 0.18, 5: 0.25, 6: 0.32},
    "secondary": {7: 0.10, 8: 0.18, 9: 0.26, 10: 0.28, 11: 0.18},
}
PERMANENT_EXCLUSION_BOYS = 0.78
# Days from the exclusion to the first day at the PRU or the new school (ASSUMPTION: the LA
# must provide full-time education from the sixth school day; places take a week or three).
PERMANENT_EXCLUSION_PLACED = (8, 28)

# Moves. ASSUMPTION: a few percent of pupils change school within a phase, most of them
# between September and July in some earlier year; 1.5% were admitted this year in-year.
MOVE_PER_YEAR = 0.008  # chance per completed school year that the current school is a move
IN_YEAR_ADMISSION = 0.015
FROM_OUTSIDE_KENT = 0.35  # of in-year admissions: no earlier Kent school (their first here)

# --- Pupils ----------------------------------------------------------------------------------
MALE_SHARE = 0.512  # ASSUMPTION: ONS births, about 105 boys per 100 girls
SINGLE_SEX_GRAMMARS = {"Girls": 12, "Boys": 10}  # of 32 (REGISTER: 6 boys', 6 girls' among 9)
SINGLE_SEX_SECONDARY = {"Girls": 2, "Boys": 2}  # of 67 non-selective

# Ethnicity: ASSUMPTION. No Kent school-census ethnicity figure is in shared/data; this is a
# plausible Kent mix (about 79% White British, near the 2021 Census for Kent's under-18s)
# using DfE main codes. Shares of the county; districts scale the non-White-British part by
# `District.diversity`.
ETHNICITY = {
    "WBRI": 0.791,
    "WIRI": 0.004,
    "WIRT": 0.003,
    "WROM": 0.006,
    "WOTH": 0.065,
    "MWBC": 0.012,
    "MWBA": 0.006,
    "MWAS": 0.013,
    "MOTH": 0.016,
    "AIND": 0.020,
    "APKN": 0.003,
    "ABAN": 0.003,
    "AOTH": 0.013,
    "BCRB": 0.002,
    "BAFR": 0.023,
    "BOTH": 0.003,
    "CHNE": 0.003,
    "OOTH": 0.009,
    "REFU": 0.003,
    "NOBT": 0.002,
}
# How likely a child of each group is to have English as an additional language (ASSUMPTION,
# relative weights; rescaled per phase to hit the EAL targets below).
EAL_BY_ETHNICITY = {
    "WBRI": 0.004,
    "WIRI": 0.02,
    "WIRT": 0.05,
    "WROM": 0.80,
    "WOTH": 0.75,
    "MWBC": 0.05,
    "MWBA": 0.20,
    "MWAS": 0.20,
    "MOTH": 0.20,
    "AIND": 0.70,
    "APKN": 0.80,
    "ABAN": 0.80,
    "AOTH": 0.70,
    "BCRB": 0.05,
    "BAFR": 0.55,
    "BOTH": 0.30,
    "CHNE": 0.60,
    "OOTH": 0.75,
    "REFU": 0.10,
    "NOBT": 0.20,
}

# --- Characteristic rates (as at the as-at date, share of pupils on roll) ----------------------
# FSM: LAIT PriFSM 2025 = 26.1, SecFSM 2025 = 22.3.
FSM = {"primary": 0.261, "secondary": 0.223}
# FSM6 (FSM at any time in the last six years): LAIT Ever6_FSM_Prim 2025 = 27.05,
# Ever6_FSM_Sec 2025 = 26.21. The gap to FSM is made of pupils whose FSM ended within six years.
FSM6 = {"primary": 0.2705, "secondary": 0.2621}
# Special schools and PRUs (ASSUMPTION, CENSUS2019: 31.7% of special and 35% of PRU pupils
# had FSM in 2019, when Kent's mainstream rates were about 14% and 11%; scaled up with them).
FSM_SPECIAL = 0.42
FSM_PRU = 0.55
FSM_GRAMMAR_FACTOR = 0.28  # ASSUMPTION: Kent grammars take far fewer FSM pupils
FSM_SCHOOL_SPREAD = 0.35  # log-normal sigma of school deprivation within a district
# Of current FSM pupils, the share who have claimed since they started school (the rest
# started later); of pupils not on FSM now, some had it earlier, older than six years
# (ASSUMPTION; the within-six-years part comes from FSM6 above).
FSM_SINCE_ENTRY = 0.45
FSM_ENDED_LONG_AGO = {"primary": 0.0, "secondary": 0.015}

# SEN: LAIT 2025. EHC plan: PrimStatements 3.0, SecStatements 2.81, SEN_TotStat 5.8 (all
# schools). SEN support: PrimNoStatements 13.8, SecNoStatements 11.5, SEN_TotSENSuP 13.1.
EHCP = {"primary": 0.030, "secondary": 0.0281}
SEN_SUPPORT = {"primary": 0.138, "secondary": 0.115}
EHCP_ALL_SCHOOLS = 0.058
SEN_SUPPORT_ALL_SCHOOLS = 0.131
# Special schools: CENSUS2019, 97.6% EHC plan, 2.4% SEN support.
EHCP_SPECIAL = 0.976
SEN_SUPPORT_SPECIAL = 0.024
# PRUs (ASSUMPTION; CENSUS2019: 88% of the few sole-registered PRU pupils had SEN support).
EHCP_PRU = 0.12
SEN_SUPPORT_PRU = 0.55
EHCP_HEALTH_NEEDS = 0.20
SEN_SUPPORT_HEALTH_NEEDS = 0.40
SEN_GRAMMAR_FACTOR = 0.35  # ASSUMPTION: fewer pupils with SEN in selective schools
SEN_SCHOOL_SPREAD = 0.30
# Boys are identified far more often (ASSUMPTION, national SEN statistics: about 2.6 boys per
# girl for EHC plans and 1.7 for SEN support).
EHCP_BOY_RATIO = 2.6
SEN_SUPPORT_BOY_RATIO = 1.7
EHCP_AFTER_SEN_SUPPORT = 0.70  # had SEN support that ended the day before the plan started
SEN_SUPPORT_ENDED = 0.04  # of pupils without SEN now: SEN support in the past
EHCP_CEASED = 0.002  # of pupils without a plan now: a plan that ceased

# EAL: CENSUS2019, state-funded schools: 26,078 of 234,879 pupils (11.10%) had a first
# language other than English; primary 15,943/127,821 (12.47%), secondary 9,838/102,461
# (9.60%), special 243/4,465 (5.44%). (LAIT 2025 shows 15.9% primary and 12.6% secondary;
# the brief asks for the census figure.)
EAL = {"primary": 0.1247, "secondary": 0.0960, "special": 0.0544}
EAL_ALL_SCHOOLS = 26_078 / 234_879

# Children's social care, LAIT 2025 (rates per 10,000 children aged 0–17 applied to pupils):
# LAC = 53, CIN = 316.5 (children in need, which includes CLA and CPP), CPP_rate = 32.4.
CLA = 53 / 10_000
CHILD_IN_NEED = 316.5 / 10_000  # all children in need, CLA and CPP included
CHILD_PROTECTION_PLAN = 32.4 / 10_000
# Past episodes (ASSUMPTION): CIN episodes are often short (LAIT CINCease3months 2025: 68%
# of cases close within three months), so many pupils have an ended CIN period.
CIN_ENDED = 0.035
CPP_ENDED = 0.004
CLA_ENDED = 0.003  # returned home
# Who is more likely to have a social worker (ASSUMPTION tuned to LAIT 2025: CINFSM 60.3% of
# school-age children in need are eligible for FSM, CINStatement 38.2% have an EHC plan).
SOCIAL_CARE_RISK_FSM = 4.5
SOCIAL_CARE_RISK_EHCP = 10.0
SOCIAL_CARE_RISK_SEN_SUPPORT = 2.0
# Previously looked after (adopted, special guardianship or child arrangements order from
# care): ASSUMPTION, about 0.45% of pupils (the national Pupil Premium Plus count is of that
# order). Each has an ended CLA period before it.
PREVIOUSLY_LOOKED_AFTER = 0.0045
# Young carers: ASSUMPTION, 1.2% of pupils identified by their school (the school census has
# collected it only since 2023; more in secondary).
YOUNG_CARER = {"primary": 0.008, "secondary": 0.017}
# Medical condition needing an individual healthcare plan: ASSUMPTION, 3% of pupils.
MEDICAL_CONDITION = 0.03

# --- Ofsted ------------------------------------------------------------------------------------
# OFSTED2020: latest overall effectiveness for the 129 of 175 Kent URNs with a known grade:
# Outstanding 27, Good 86, Requires improvement 14, Inadequate 2 (87.6% good or better).
LATEST_GRADE = {1: 27 / 129, 2: 86 / 129, 3: 14 / 129, 4: 2 / 129}
GRADED_INSPECTIONS = {1: 0.35, 2: 0.45, 3: 0.20}  # past graded inspections per school
CIF_2015_START = date(2015, 9, 1)
EIF_2019_START = date(2019, 9, 1)
LAST_SINGLE_WORD_GRADES = date(2024, 7, 19)  # overall grades stopped from September 2024
REPORT_CARD_START = date(2025, 11, 10)  # renewed framework (report cards)
REPORT_CARD_SHARE = 0.12  # of schools, inspected between REPORT_CARD_START and the as-at date
# Report card grades (ASSUMPTION: Ofsted's first months of report cards were mostly expected
# standard or strong standard).
REPORT_CARD_GRADES = {1: 0.04, 2: 0.30, 3: 0.55, 4: 0.10, 5: 0.01}
SAFEGUARDING_NOT_MET = 0.02

# --- The Front Door (frontdoor.demo.front_door) --------------------------------------------
# Sources, by short name:
# - KAH2018: "Integrated Front Door" slides, Kent Association of Headteachers update, November
#   2018 (shared/seeds): "From 1st October until 18th November a total of 6754 Requests for
#   Support were received"; "During the month of October, there were 382 conversations";
#   "Only 38% of the conversations occurred following a referral to the Front Door"; "168 of
#   the conversations resulted in Open Access/Additional Support".
# - LAIT as above, Kent, year to 31 March 2025 (domain notes §2.2-2.3).
# Volumes are Kent's, per pupil of CENSUS2019 (234,879 pupils in Kent's state-funded schools,
# which the county at scale 1 is calibrated to), so a county of a twentieth of the pupils gets
# a twentieth of the requests.
KENT_PUPILS = 234_879
# KAH2018: 6,754 requests in the 35 working days from 1 October to 18 November 2018, five of
# them in Kent's autumn half term (22-26 October 2018).
KENT_REQUESTS_2018 = 6_754
KENT_REQUESTS_2018_DAYS = (30, 5)  # (term-time working days, half-term working days)
# KAH2018: 382 District Conversations in October 2018: 23 working days, five in half term.
KENT_CONVERSATIONS_OCTOBER_2018 = 382
KENT_CONVERSATIONS_OCTOBER_2018_DAYS = (18, 5)
CONVERSATIONS_FOLLOWING_REFERRAL = 0.38  # KAH2018
CONVERSATIONS_LEADING_TO_SUPPORT = 168 / 382  # KAH2018: open access or additional support
# ASSUMPTION: how that 44% splits between the two outcomes.
CONVERSATION_OUTCOMES = {
    "open_access": 0.24,
    "additional_support": CONVERSATIONS_LEADING_TO_SUPPORT - 0.24,
}
# ASSUMPTION: fewer requests on working days in school holidays (schools make more than a
# quarter of them), fewest in August and between Christmas and New Year.
HOLIDAY_REQUESTS = 0.7
AUGUST_REQUESTS = 0.5
CHRISTMAS_REQUESTS = 0.45
# Where requests come from, in the children in need census's source codes. LAIT 2025
# RefBySource: schools 26.6%, police 20.9%, health services 13.2% (split between health
# visitors, GPs and other health services: ASSUMPTION); the other 39.3% spread over the
# other sources (ASSUMPTION, after England's pattern).
REQUEST_SOURCES = {
    "2A": 0.266,
    "6": 0.209,
    "3A": 0.030,
    "3B": 0.020,
    "3C": 0.082,
    "1A": 0.070,
    "2B": 0.030,
    "4": 0.020,
    "5A": 0.090,
    "5D": 0.080,
    "7": 0.030,
    "8": 0.073,
}
# The Front Door's decisions: (support level, route) as shares of requests decided.
# ASSUMPTION, shaped by three figures: Kent's 24,035 referrals to social work in 2024/25
# (LAIT; a child each, and requests name 1.5 children on average, so about a third of requests
# go to a Social Work Team at level 4); KAH2018's "Cases that do not meet Support level 3 or 4
# should no longer be referred through the Front Door" (many still were: levels 1-2, signposted
# and offered a District Conversation, are the largest group); and few requests ending with no
# further action (LAIT 2025: 0.5% of Kent's referrals, 6.5% England's).
TRIAGE_MIX = {
    (4, "social_work_team"): 0.33,
    (3, "early_help_unit"): 0.27,
    (3, "no_further_action"): 0.01,
    (2, "district_conversation"): 0.24,
    (2, "no_further_action"): 0.02,
    (1, "district_conversation"): 0.10,
    (1, "no_further_action"): 0.03,
}
CHILDREN_PER_REQUEST = {1: 0.62, 2: 0.27, 3: 0.11}  # ASSUMPTION: siblings share a request
DECIDED_WITHIN_A_WORKING_DAY = 0.93  # ASSUMPTION (Ofsted 2019: "prompt management review")
SIGNED_OFF_SAME_DAY = 0.85  # ASSUMPTION
UNDECIDED_WORKING_DAYS = 2  # requests received in the last two working days wait in the queue
AWAITING_SIGN_OFF = 0.4  # of those, decided and waiting for the manager (ASSUMPTION)
AFTER_FIVE = 0.08  # submitted after 17:00, so received the next working day (ASSUMPTION)
CHILD_MATCHED = 0.95  # children the Front Door matches to a pupil (ASSUMPTION)
UPN_GIVEN = {"2A": 0.9, "2B": 0.6}  # referrers who know the UPN (ASSUMPTION); others 0.1
# Consent not sought because asking would raise the risk (ASSUMPTION): by level, else the other.
CONSENT_NOT_SOUGHT = {4: 0.22}
CONSENT_NOT_SOUGHT_OTHERWISE = 0.03
# Pupils more likely to be the subject of a request (ASSUMPTION: relative weights).
REQUEST_RISK = {"fsm": 3.0, "sen_support": 1.5, "ehcp": 2.0, "social_care": 4.0}
# Re-referrals: LAIT 2025 ReReferral, 21.6% of Kent's referrals came within 12 months of a
# previous one. The demo makes them deliberately: this share of social work referrals is about
# a household referred to a Social Work Team earlier in the year (tuned so that the year's
# re-referral rate, counted by the pupils the children are matched to, comes out near 21.6%).
RE_REFERRAL = 0.216
RE_REFERRAL_DRAWN = 0.23
REPEAT_OTHER = 0.06  # ASSUMPTION: other requests about a household the Front Door has seen
ESCALATION = 0.05  # ASSUMPTION: social work referrals of a household seen at a lower level
DRAFTS = 6  # unsent drafts of the demo sign-ins
# Cases. LAIT 2025: Continue_Assess_Comp 88.5% of Kent's assessments completed within 45
# working days; Referrals_AssessedNotNeed 27.2% assessed, not in need.
ASSESSED_IN_TIME = 0.885
ASSESSMENT_OUTCOMES = {  # not in need from LAIT; the split of the rest is an ASSUMPTION
    "not_in_need": 0.272,
    "early_help": 0.15,
    "child_in_need": 0.46,
    "child_protection": 0.118,
}
# How long children stay in need, LAIT 2025 CINCease (of children who ceased to be in need):
# under 3 months 68.4%, 3-6 months 9.7%, 6-12 months 7.8%, 1-2 years 6.7%, 2 years or more
# 7.4%. Cases closing at the assessment (not in need, or stepped down to Early Help) are most
# of the first band; the rest is drawn for children in need and on plans (months, share).
CIN_DURATION_MONTHS = {(3, 6): 0.097, (6, 12): 0.078, (12, 24): 0.067, (24, 48): 0.074}
EARLY_HELP_MONTHS = (2, 9, 4)  # ASSUMPTION: (shortest, longest, most usual) Early Help case
EARLY_HELP_CLOSURES = {  # ASSUMPTION
    "needs_met": 0.62,
    "stepped_down": 0.16,
    "disengaged": 0.12,
    "moved_away": 0.04,
    "transferred": 0.06,
}
ALLOCATED_WITHIN_WORKING_DAYS = {"social_work_team": 3, "early_help_unit": 5}  # ASSUMPTION
# LAIT 2025 (CSC Outcomes and Enablers): 17.0 cases per case-holding social worker at Kent
# (8,359 cases, 491.0 FTE). Early Help caseloads: the same (ASSUMPTION).
CASELOAD = 17
CONVERSATION_REPLIED_IN_TIME = 0.93  # ASSUMPTION: the 2-working-day reply mostly met
