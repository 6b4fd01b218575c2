"""Word lists for the synthetic county: children's names, school and trust name parts.

Written for the demo: common UK given names and surnames (no list copied from any source),
and name parts chosen so that the schools they make are fictional. `real_kent_school_names`
in the tests checks that no generated school carries a real Kent school's name."""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


GIRLS = _words(
    """
    Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie Sophia Isabella Grace Daisy
    Sienna Poppy Elsie Emily Ella Evelyn Phoebe Sofia Evie Charlotte Harper Millie Matilda Maya
    Sophie Alice Emilia Isabelle Ruby Luna Maisie Aria Penelope Mila Bonnie Eva Hallie Eliza Ada
    Violet Esme Arabella Imogen Jessica Delilah Thea Layla Chloe Harriet Holly Lottie Erin Orla
    Ellie Scarlett Hannah Lucy Lola Zara Robyn Nancy Beatrice Edith Iris Clara Georgia Megan
    Molly Abigail Bella Amber Jasmine Katie Lauren Leah Libby Maddison Natalie Niamh Paige
    Rebecca Sarah Summer Tilly Hollie Eleanor Anna Beth Caitlin Darcy Eden Faith Gracie Hope
    Jade Kayla Lexi Mollie Nell Olive Pippa Rose Skye Tallulah Annie Ellis Francesca Heidi
    Isobel Josie Kacey Lydia Martha Naomi Ophelia Quinn Riley Savannah Tia Verity Winter Aisha
    Ayla Cora Emma Fern Ivy-Rose Lacey Marnie Mabel Nova Orlaith Peggy Rosa Sadie Stella Thalia
    Ava-Mae Bethany Courtney Demi Elise Gemma Kelsey Leila Macy Maryam Nadia Rhiannon Serena
    Tamsin Yasmin Zoe
    """
)
BOYS = _words(
    """
    Noah Oliver George Arthur Muhammad Leo Harry Oscar Archie Henry Theodore Freddie Jack
    Charlie Theo Alfie Jacob Thomas Finley Arlo William Lucas Roman Tommy Isaac Teddy Luca
    Edward James Joshua Albie Elijah Max Mohammed Reuben Mason Sebastian Rory Jude Louie
    Benjamin Ethan Adam Hugo Joseph Reggie Ronnie Louis Frankie Alexander Daniel Samuel Toby
    Dylan Harrison Jenson Kai Logan Nathan Stanley Zachary Ezra Felix Gabriel Jaxon Ollie Ralph
    Sonny Austin Bobby Caleb Dexter Elliot Finn Grayson Hunter Jasper Kian Leon Mohammad Ned
    Otis Patrick Quentin Rowan Seth Tyler Vincent Wilfred Xavier Aaron Billy Callum Connor
    Declan Ewan Fraser Gethin Harvey Ibrahim Jamie Kieran Liam Matthew Niall Owen Peter Robert
    Sam Tristan Zak Alfred Bertie Cameron David Eddie Frederick Gregory Hamish Ivan Jake Kyle
    Lewis Marcus Nico Oakley Percy Reece Sidney Tobias Ashton Blake Casey Dominic Evan Fabian
    Jayden Jonah Kayden Lennon Miles Morgan Rhys Ruben Spencer Vinnie Warren Arthur-James
    Bradley Charles Corey Dennis Douglas Frazer
    """
)
SURNAMES = _words(
    """
    Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
    Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson
    Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen
    James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook
    Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson
    Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali
    Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell
    Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur
    Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks
    West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth
    Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster
    Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland
    Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah
    Dean Lane Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross
    Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson
    Curtis Hopkins O'Connor Harper Coleman Watkins Moss McCarthy Chambers Griffin Sharp Hardy
    Wheeler Potter Osborne Johnston Gordon Doyle Wallace George Jordan Hutchinson Rowe Burke May
    Pritchard Gilbert Willis Higgins Read Miles Stevenson Stephenson Hammond Arnold Buckley
    Walters Hewitt Barber Nelson Slater Austin Sullivan Whitehead Mann Frost Lambert Stephens
    Blake Akhtar Lynch Goodwin Barton Woodward Thomson Cunningham Quinn Barnett Baxter Bibi
    Clayton Nash Greenwood Jennings Holt Kemp Poole Gallagher Bond Stokes Tucker Davidson Fowler
    Heath Norman Middleton Lawson Banks French Stanley Jarvis Gibbs Ferguson Hayward Carroll
    Douglas Dickinson Todd Barlow Peters Lucas Knowles Hartley Miah Simmons Morton Alexander
    Field Morrison Horton Frank Sanders Fuller
    """
)

# Smaller pools for children of some heritages, so that names and ethnicity go together
# (used for part of each group; the rest take names from the lists above).
HERITAGE_NAMES = {
    "south_asian": (
        _words(
            """
            Aarav Arjun Harjot Gurveer Ishaan Kabir Rohan Vihaan Zain Ayaan Rayan Yusuf Hamza Arman
            Jaskaran Sahil Dev Omar
            """
        ),
        _words(
            """
            Amara Anaya Harleen Gurleen Inaaya Jasleen Kiran Priya Riya Simran Zainab Aleena Manveer
            Navya Saanvi Hafsa Noor Ishita
            """
        ),
        _words(
            """
            Sandhu Dhillon Gill Johal Bains Sidhu Patel Shah Sharma Kaur Singh Khan Hussain Ahmed
            Mistry Chauhan Rahman Iqbal
            """
        ),
    ),
    "east_european": (
        _words(
            """
            Jakub Filip Szymon Antoni Mateusz Dawid Lukas Matas Andrei Darius Kacper Tomasz Oskar
            Mihai Nikola Vlad Aleks Marek
            """
        ),
        _words(
            """
            Zuzanna Julia Maja Lena Hanna Oliwia Emilija Gabriela Ioana Daria Natalia Wiktoria
            Alicja Milena Kamila Elena Anastasia Ieva
            """
        ),
        _words(
            """
            Nowak Kowalski Wisniewski Lewandowski Kaminski Zielinski Popescu Ionescu Kazlauskas
            Petrauskas Horvath Novak Dvorak Balogh Jankowski Mazur Popa Stan
            """
        ),
    ),
    "african": (
        _words(
            """
            Tobi Kwame Chidi Emeka Kofi Tunde David Samuel Daniel Joshua Ayo Femi Kayode Nnamdi
            Jeremiah Tendai Yaw Obinna
            """
        ),
        _words(
            """
            Adaeze Amara Chioma Esther Favour Grace Ifeoma Kemi Ngozi Precious Temi Zara Abena Efua
            Blessing Deborah Tiwa Nia
            """
        ),
        _words(
            """
            Okafor Adeyemi Mensah Boateng Okonkwo Osei Adebayo Eze Owusu Nwosu Asante Oyelaran
            Balogun Chukwu Afolabi Nkemelu Moyo Danso
            """
        ),
    ),
    "chinese": (
        _words(
            """
            Ethan Jayden Hao Jun Kai Ming Ryan Wei Yi Zhen
            """
        ),
        _words(
            """
            Chloe Jia Lin Mei Xin Yan Ying Hui Lily Sophie
            """
        ),
        _words(
            """
            Chen Wang Li Zhang Liu Wong Chan Lam Ng Cheung
            """
        ),
    ),
}

HERITAGE_BY_ETHNICITY = {
    "AIND": "south_asian",
    "APKN": "south_asian",
    "ABAN": "south_asian",
    "AOTH": "south_asian",
    "WOTH": "east_european",
    "WROM": "east_european",
    "BAFR": "african",
    "BOTH": "african",
    "CHNE": "chinese",
}

# Compounds the name parts below can make that are real Kent places or schools, never used.
BLOCKED_STEMS = frozenset({"Ashford", "Birchwood", "Oakfield", "Oakwood"})

# School names: a tree or plant and a landscape word ("Hazelmere", "Hornbeam Ridge").
NAME_PLANTS = _words(
    """
    Alder Ash Aspen Beech Birch Box Cedar Elder Elm Hazel Holly Larch Lime Maple Oak Pine Rowan
    Yew Fern Heath Briar Sloe Gorse Broom Reed Bay Thorn Cherry Willow Poplar Hawthorn Hornbeam
    Chestnut Sycamore Juniper Blackthorn Whitebeam Walnut Bramble Medlar Damson Linden Primrose
    Bluebell Foxglove
    """
)
NAME_LANDSCAPES = _words(
    """
    brook field mere wood dene hurst croft leigh ridge combe lea vale bank gate stead worth ford
    well mead holt down wold stone cliffe
    """
)
# Short words read as one ("Hazelmere"); longer ones as two ("Hornbeam Ridge").
SHORT_PLANT = 5
# Saints for church schools, chosen to be less usual dedications in Kent.
SAINTS = _words(
    """
    Fursey Sigebert Wendreda Winifred Walstan Eadfrith Cyneburga Tecla
    Aidan Cuthbert Dunstan Hilda Swithun Wilfrid Chad Columba Bede
    Brigid Piran Petroc Oswald Werburgh Birinus Ninian Kentigern Cedd Felix Etheldreda Aldhelm
    Boniface Guthlac Frideswide Hugh Wulfstan Osmund Erkenwald Sexburga Ebba
    Rumwold Credan Edburga Withburga
    """
)

# Pupil referral units and the health needs service (fictional; Kent's real ones are named in
# the domain notes §3.6 and deliberately not used).
PRU_NAMES = (
    "Harbourlight Learning Centre",
    "Greensand Pupil Referral Unit",
    "Shingle Bay Learning Centre",
    "Riverside Reach Alternative Provision",
    "Weald Valley Learning Centre",
)
HEALTH_NEEDS_NAME = "Kingfisher Health Needs Education Service"

# Trusts: a nature word and a kind of trust ("Kestrel Learning Trust").
TRUST_WORDS = _words(
    """
    Kittiwake Bittern Warbler Whinchat Shelduck Teasel Kingcup Chaffinch Greenfinch Goldfinch
    Moorhen Turnstone Oystercatcher Sanderling Redshank Dunlin Knapweed Cowslip Campion Yarrow
    Kestrel Skylark Heron Otter Wren Lapwing Curlew Swallow Saltmarsh Hopfield
    Oasthouse Downland Chalkhill Greensand Marshland Shoreline Lantern Compass Waymark
    Keystone Cornerstone Evergreen Bluebell Harebell Foxglove Dragonfly
    Kingsfold Nightingale Samphire Sandpiper Avocet Goldcrest Woodlark Fieldfare Linnet Redstart
    Stonechat Wagtail Yellowhammer Skyline Tidewater Riverbank Hedgerow Coppice Windmill
    """
)
TRUST_KINDS = (
    "Learning Trust",
    "Academy Trust",
    "Education Trust",
    "Schools Trust",
    "Learning Partnership",
    "Multi-Academy Trust",
)

# Words for a generated demo password: three of them and two digits.
PASSWORD_WORDS = _words(
    """
    amber anchor apple arrow badger bakery banjo barley basket beacon bicycle blossom bramble
    breeze bridge bucket buttercup cabin candle canvas carrot castle cherry chimney cinder
    clover cobble copper cricket crystal daisy dolphin dragon ember falcon feather ferry fiddle
    forest fossil garden ginger glacier harbour harvest hazel helmet honey island jigsaw juniper
    kettle kite ladder lantern lemon lighthouse marble meadow mitten nutmeg orchard otter paddle
    pebble pepper pigeon pillow planet pocket puffin quarry quill rabbit raven ribbon river
    rocket saddle saffron sailor shingle silver sparrow spindle sprout squirrel teacup thimble
    thistle timber tractor trumpet tulip velvet violin walnut whistle willow window winter
    yellow zephyr
    """
)
