"""The words of the demo's Front Door: what referrers write, what the Front Door and Early Help
answer, who people are and where families live. Written for the demo; nothing names a person
(names come from `frontdoor.demo.names`), and every phone number is in Ofcom's ranges kept for
drama (01632 960xxx, 07700 900xxx), so none can ring anyone."""

CONCERNS = {
    4: (
        "The child came into school with bruising to the face and upper arm and said an adult "
        "at home caused it. Photographs were not taken; the child's account is recorded word "
        "for word in the school's safeguarding log.",
        "Police attended a domestic incident at the address overnight. The children were in the "
        "house; one of them was hurt trying to stop the fight. The other parent has been "
        "arrested and bailed to an address nearby.",
        "The young person has been seen repeatedly with older adults who give them money, "
        "phones and lifts, and has been found out of county twice this month. We believe they "
        "are being criminally exploited.",
        "The child disclosed to a trusted adult that a family friend has been touching them. "
        "The disclosure was made today and the child is frightened to go home.",
        "The home conditions are very poor: no food in the house, no working heating, and the "
        "children are often left alone overnight. The youngest has an untreated injury.",
    ),
    3: (
        "Attendance has fallen below 70% this term with most absence unauthorised. The family "
        "has not engaged with the attendance plan and we are worried about what is happening at "
        "home.",
        "Parent has told us they are struggling with their mental health and alcohol use; the "
        "children are arriving late, hungry and in unwashed uniform most days.",
        "The young person has gone missing from home three times in six weeks and is at risk of "
        "permanent exclusion after assaulting a member of staff.",
        "There have been two police call-outs to the address for domestic abuse this term. The "
        "parent does not want police involvement but has asked us for help.",
        "The child's significant disability needs more support than the family can manage: the "
        "parent is exhausted and the child's sibling is caring for them most evenings.",
    ),
    2: (
        "The child's attendance is around 90% with frequent Monday absences, and they have been "
        "withdrawn and tearful in class.",
        "Parent has asked for help with routines and behaviour at home; there are arguments "
        "every morning and the child has had two suspensions this year.",
        "The family is in rent arrears and has been using food banks; the child has no winter "
        "coat and cannot go on school trips.",
        "The child's speech is well behind their peers and the parent would like advice on "
        "where to get help.",
        "The young person is spending most nights online until the early hours and has shared "
        "pictures with people they have not met.",
    ),
    1: (
        "Parent would like information on local activities and a parenting course; no "
        "particular worries about the child's safety.",
        "The child is new to the area and the family would like to know what support is "
        "available locally.",
        "Some low-level worries about friendships and confidence; the school is already "
        "supporting the child.",
    ),
}

TRIED = (
    "Discussed the concerns with the parent, who agreed to this request. In-school pastoral "
    "support, a weekly check-in and a referral to the school nursing service.",
    "Attendance meetings with the parent, an attendance support plan and home visits by the "
    "family liaison officer.",
    "Advice given to the parent about local services; the family has not been able to take it up.",
    "A team around the family meeting with school, health and housing; actions agreed but not "
    "completed.",
    "Nothing yet beyond speaking with the child and the parent: the concern arose today.",
    "Sessions with the school counsellor and a mentor, and a place at the after-school club.",
)

CONSENT_NOT_SOUGHT = (
    "Telling the parent would put the child at risk: the concern is about the parent's partner.",
    "The child asked us not to tell anyone at home and we believe they would be harmed.",
    "The alleged abuser lives at the address; police advised not to alert the family.",
)

RATIONALE = {
    "social_work_team": (
        "Indicators at level 4: the child has suffered or is likely to suffer significant harm. "
        "Passed to the Children's Social Work Team for a strategy discussion.",
        "Risk of significant harm at home; a child and family assessment is needed. Level 4.",
        "Concerns meet level 4 (exploitation). Strategy discussion with police today.",
    ),
    "early_help_unit": (
        "Complex needs that need the Early Help unit to assess and work with the family "
        "alongside school. Level 3.",
        "Level 3: several indicators together (absence, parental mental health); the family "
        "agrees to Early Help.",
        "Needs are intensive but there is no indication of significant harm: Early Help unit.",
    ),
    "district_conversation": (
        "Needs at level 2: the referrer is signposted to local support and offered a District "
        "Conversation with the Early Help team.",
        "Universal and additional services can meet these needs. Signposted; District "
        "Conversation offered.",
        "Below level 3. Advice to the referrer on open access services in the district.",
    ),
    "no_further_action": (
        "The family is already well supported and the concerns do not meet a support level "
        "that needs the Front Door. No further action; referrer informed.",
        "Information shared for awareness only; no further action.",
        "Duplicate of a request already being worked on; no further action on this one.",
    ),
}

CONVERSATION_ABOUT = (  # {year}: "Reception", "Year 4"
    "A {year} pupil whose attendance has dropped to about 88%; the parent works shifts and "
    "mornings are hard.",
    "A family new to the area with a toddler and a child in {year}; the parent feels isolated "
    "and would like to meet other parents.",
    "A {year} pupil with anxiety about school; not yet known to any service.",
    "Parent struggling with behaviour at home after a separation; the child is in {year}.",
    "A young carer in {year} looking after a parent with a long-term illness.",
    "A family in temporary accommodation; the child, in {year}, is often tired and hungry.",
    "Low-level worries about a {year} pupil's friendships and online use.",
)

ADVICE = {
    "open_access": (
        "Signposted to the children's centre's stay-and-play and parenting sessions.",
        "Suggested the youth hub's drop-in evenings and the holiday activities programme.",
        "Shared the open access offer: family hub, parenting course and the local food club.",
    ),
    "additional_support": (
        "Agreed a place on the targeted parenting programme; the family support worker will "
        "call the parent this week.",
        "Referred to the young carers' service and the school nursing team's emotional "
        "wellbeing clinic.",
        "Linked the family with the housing support officer and the attendance mentoring offer.",
    ),
    "other": (
        "School's own support is the right next step; advised keeping the plan under review and "
        "calling again if things change.",
        "Already known to a service that is working with the family; advised contacting them.",
        "Needs may be higher than level 2: advised submitting a Request for Support.",
    ),
}

STREETS = (
    "Orchard Close",
    "Church Lane",
    "Station Road",
    "Mill View",
    "Priory Way",
    "Chestnut Avenue",
    "Kingsdown Road",
    "Harbour Street",
    "Marsh Lane",
    "Hop Garden Way",
    "Cherry Tree Road",
    "Beacon Rise",
    "Tollgate Close",
    "Downs View",
    "Sandpiper Court",
    "Oast Meadow",
    "Poplar Grove",
    "Shingle Bank Road",
)
# Letters a unit postcode's last two characters may use (Royal Mail leaves out C I K M O V).
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

LANGUAGES = {  # by the child's ethnicity group, for children with English as an additional language
    "WOTH": ("Polish", "Romanian", "Lithuanian", "Bulgarian", "Latvian"),
    "WROM": ("Romani", "Romanian", "Slovak"),
    "AIND": ("Punjabi", "Gujarati", "Tamil", "Malayalam"),
    "APKN": ("Urdu", "Punjabi"),
    "ABAN": ("Bengali", "Sylheti"),
    "AOTH": ("Nepali", "Tamil", "Pashto"),
    "BAFR": ("Yoruba", "Igbo", "Somali", "Tigrinya", "Arabic"),
    "CHNE": ("Cantonese", "Mandarin"),
    "OOTH": ("Arabic", "Kurdish", "Farsi", "Turkish"),
}
OTHER_LANGUAGES = ("Polish", "Arabic", "Turkish", "Portuguese", "Kurdish")

PARENTS = (  # (first parent, second parent or "") relationships
    ("mother", ""),
    ("mother", "father"),
    ("mother", "stepfather"),
    ("father", ""),
    ("mother", "partner"),
    ("grandmother, special guardian", ""),
)
HOUSEHOLD = (
    "{parents} and the children",
    "{parents}, the children and a half-sibling aged 2",
    "{parents} and the children; maternal grandmother stays most weekends",
    "{parents}, the children and an adult sibling aged 19",
)

# Referrers by census source: (job titles, organisation; "" means the referrer's school).
REFERRERS = {
    "2A": (("Designated safeguarding lead", "Deputy headteacher", "Family liaison officer"), ""),
    "2B": (("Education welfare officer", "Early years setting manager"), "Education services"),
    "3A": (("Health visitor",), "Health visiting service"),
    "3B": (("GP",), "GP practice"),
    "3C": (
        ("School nurse", "Paediatric liaison nurse", "Mental health practitioner", "Midwife"),
        "NHS community health services",
    ),
    "4": (("Housing officer", "Tenancy support officer"), "District council housing"),
    "6": (
        ("Police constable", "Detective constable", "Police community support officer"),
        "Police",
    ),
    "7": (("Probation officer", "Youth justice worker"), "Probation and youth justice"),
    "8": (("Family support worker", "Youth worker", "Refuge support worker"), "Voluntary sector"),
}
TEAM_ORGANISATIONS = {
    "social_work_team": "Children's Social Work Team",
    "early_help_unit": "Early Help unit",
}
INDIVIDUAL_ROLES = ("Parent", "Grandparent", "Aunt", "Neighbour", "Family friend")

CONVERSATION_ASKERS = (  # (share, job titles, organisation; "" means a school in the district)
    (
        0.55,
        ("Designated safeguarding lead", "Family liaison officer", "SENCO", "Pastoral lead"),
        "",
    ),
    (0.2, ("Health visitor", "School nurse"), "NHS community health services"),
    (0.1, ("Children's centre worker",), "Family hub"),
    (0.08, ("Housing officer",), "District council housing"),
    (0.07, ("Police community support officer",), "Police"),
)
