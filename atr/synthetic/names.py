"""Names for synthetic people: common forenames and surnames by broad heritage group.

Hand-written short lists (no name-frequency package is installed, and common names are not
personal data). Names are drawn with Zipf-like weights so a few names are very common, which is
what makes real linkage hard (many John Smiths). Nicknames come from the ``nicknames`` package.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt
from nicknames import NickNamer

StrArray = npt.NDArray[np.str_]

GROUPS = ("british", "european", "pakistani", "indian", "black", "chinese")

MALE: dict[str, tuple[str, ...]] = {
    "british": (
        "Oliver", "George", "Harry", "Jack", "Jacob", "Noah", "Charlie", "Thomas", "Oscar", "William",
        "James", "Joshua", "Alfie", "Leo", "Daniel", "Samuel", "Joseph", "Benjamin", "Matthew", "David",
        "Michael", "Christopher", "Andrew", "Robert", "John", "Paul", "Mark", "Richard", "Stephen", "Peter",
        "Anthony", "Steven", "Lee", "Craig", "Dean", "Ryan", "Liam", "Callum", "Kieran", "Nathan",
        "Edward", "Alexander", "Henry", "Archie", "Freddie", "Lewis", "Tyler", "Kyle", "Jamie", "Gary",
    ),
    "european": ("Jakub", "Kacper", "Szymon", "Mateusz", "Piotr", "Tomasz", "Andrei", "Ionut", "Marek", "Lukas",
                 "Adam", "Filip", "Dawid", "Michal", "Jan", "Patryk", "Mihai", "Vasile", "Darius", "Karol"),
    "pakistani": ("Muhammad", "Mohammed", "Ali", "Hassan", "Hussain", "Ibrahim", "Yusuf", "Zain", "Ayaan", "Omar",
                  "Imran", "Asif", "Tariq", "Khalid", "Bilal", "Hamza", "Usman", "Adnan", "Zubair", "Sajid",
                  "Arslan", "Haris", "Rehan", "Faisal", "Naveed"),
    "indian": ("Arjun", "Rohan", "Aarav", "Vikram", "Sanjay", "Rajesh", "Harpreet", "Gurpreet", "Amit", "Ravi",
               "Sunil", "Anil", "Jaspal", "Kiran", "Dev", "Ishaan", "Manpreet", "Rahul", "Nikhil", "Suresh"),
    "black": ("Joshua", "Daniel", "Emmanuel", "Samuel", "David", "Michael", "Kwame", "Tunde", "Chidi", "Kofi",
              "Jermaine", "Marcus", "Tyrone", "Andre", "Isaac", "Elijah", "Nathaniel", "Femi", "Segun", "Jaden"),
    "chinese": ("Wei", "Jun", "Hao", "Ming", "Jian", "Lei", "Yang", "Chen", "Kai", "Tao",
                "Daniel", "Kevin", "Eric", "Jason", "Ryan"),
}  # fmt: skip

FEMALE: dict[str, tuple[str, ...]] = {
    "british": (
        "Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Mia", "Poppy", "Ella",
        "Lily", "Evie", "Isabella", "Jessica", "Chloe", "Charlotte", "Emma", "Hannah", "Lucy", "Amy",
        "Sarah", "Laura", "Rebecca", "Rachel", "Claire", "Nicola", "Michelle", "Lisa", "Karen", "Susan",
        "Elizabeth", "Margaret", "Catherine", "Victoria", "Katie", "Gemma", "Stacey", "Kelly", "Danielle", "Leanne",
        "Jennifer", "Helen", "Joanne", "Louise", "Samantha", "Abigail", "Megan", "Holly", "Freya", "Ruby",
    ),
    "european": ("Zuzanna", "Julia", "Maja", "Zofia", "Hanna", "Aleksandra", "Natalia", "Anna", "Maria", "Ioana",
                 "Elena", "Andreea", "Karolina", "Agnieszka", "Magdalena", "Ewa", "Monika", "Simona", "Lena", "Oliwia"),
    "pakistani": ("Aisha", "Fatima", "Maryam", "Zainab", "Khadija", "Amina", "Hafsa", "Inaya", "Aleena", "Noor",
                  "Sana", "Nadia", "Rukhsana", "Shazia", "Samina", "Saima", "Farzana", "Nasreen", "Bushra", "Ayesha",
                  "Hira", "Iqra", "Mahnoor", "Anaya", "Sumaya"),
    "indian": ("Priya", "Anjali", "Simran", "Harjit", "Jaspreet", "Kiran", "Neha", "Pooja", "Sunita", "Meena",
               "Asha", "Divya", "Kavita", "Nisha", "Ria", "Anika", "Sonia", "Manjit", "Rani", "Leela"),
    "black": ("Grace", "Blessing", "Precious", "Faith", "Abigail", "Esther", "Chioma", "Ama", "Adaeze", "Shanice",
              "Keisha", "Tanisha", "Naomi", "Ruth", "Deborah", "Favour", "Joy", "Zara", "Imani", "Nia"),
    "chinese": ("Mei", "Li", "Xin", "Yan", "Hui", "Ling", "Jing", "Fang", "Ying", "Lan",
                "Grace", "Jessica", "Amy", "Vivian", "Cindy"),
}  # fmt: skip

SURNAMES: dict[str, tuple[str, ...]] = {
    "british": (
        "Smith", "Jones", "Taylor", "Brown", "Wilson", "Johnson", "Walker", "Wood", "Wright", "Robinson",
        "Thompson", "White", "Hughes", "Green", "Hall", "Clarke", "Jackson", "Lee", "Turner", "Hill",
        "Harrison", "Moore", "Roberts", "Cooper", "Ward", "Martin", "Morris", "King", "Baker", "Shaw",
        "Holmes", "Lister", "Sykes", "Hirst", "Barker", "Firth", "Greenwood", "Haigh", "Crowther", "Lumb",
        "Mitchell", "Atkinson", "Booth", "Ellis", "Marshall", "Whitaker", "Ackroyd", "Dyson", "Pickles", "Sutcliffe",
        "Bentley", "Denton", "Hudson", "Kershaw", "Moss", "Oldroyd", "Priestley", "Rhodes", "Senior", "Wilkinson",
    ),
    "european": ("Nowak", "Kowalski", "Wisniewski", "Wojcik", "Kaminski", "Lewandowski", "Zielinski", "Popescu",
                 "Ionescu", "Kowalczyk", "Mazur", "Krawczyk", "Dumitru", "Stan", "Horvath", "Novak", "Petrov",
                 "Jankowski", "Wozniak", "Grabowski"),
    "pakistani": ("Khan", "Hussain", "Ahmed", "Ali", "Akhtar", "Iqbal", "Shah", "Mahmood", "Aslam", "Begum",
                  "Rashid", "Hanif", "Ashraf", "Bibi", "Mirza", "Qureshi", "Malik", "Anwar", "Siddique", "Javed",
                  "Butt", "Chaudhry", "Riaz", "Nawaz", "Sadiq"),
    "indian": ("Patel", "Singh", "Kaur", "Sharma", "Gill", "Sandhu", "Mistry", "Lal", "Kumar", "Chauhan",
               "Sidhu", "Dhillon", "Bains", "Parmar", "Joshi", "Mehta", "Rana", "Bhatti", "Sohal", "Grewal"),
    "black": ("Williams", "Campbell", "Okafor", "Mensah", "Adeyemi", "Brown", "Francis", "Johnson", "Okonkwo",
              "Asante", "Boateng", "Clarke", "Bailey", "Richards", "Adebayo", "Ncube", "Mohamed", "Osei",
              "Thomas", "Edwards"),
    "chinese": ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
                "Lin", "Chan", "Wong", "Cheung", "Lam"),
}  # fmt: skip


def _zipf(n: int) -> npt.NDArray[np.float64]:
    weights = (1.0 / (np.arange(n, dtype=np.float64) + 4.0)).astype(np.float64)
    return (weights / float(weights.sum())).astype(np.float64)


def draw(
    rng: np.random.Generator, pools: dict[str, tuple[str, ...]], groups: npt.NDArray[np.int64]
) -> npt.NDArray[np.object_]:
    """One name per row from the pool of its group (index into ``GROUPS``)."""
    out = np.empty(groups.size, dtype=object)
    for g, name in enumerate(GROUPS):
        rows = np.flatnonzero(groups == g)
        if rows.size:
            pool = np.array(pools[name], dtype=object)
            out[rows] = pool[rng.choice(pool.size, size=rows.size, p=_zipf(pool.size))]
    return out  # object array of shared pool strings: 8 bytes a row, not a copy of each name


def forenames(
    rng: np.random.Generator, groups: npt.NDArray[np.int64], female: npt.NDArray[np.bool_]
) -> npt.NDArray[np.object_]:
    """Forenames by heritage group and sex."""
    male_names = draw(rng, MALE, groups)
    female_names = draw(rng, FEMALE, groups)
    return np.where(female, female_names, male_names)


@lru_cache(maxsize=1)
def _nickname_table() -> dict[str, str]:
    """Forename → one familiar form (``William`` → ``Bill``), for the names in the pools."""
    namer = NickNamer()
    table: dict[str, str] = {}
    for pool in (*MALE.values(), *FEMALE.values()):
        for name in pool:
            options = sorted(n for n in namer.nicknames_of(name.lower()) if len(n) >= 3 and n != name.lower())
            if options:
                table[name] = options[0].capitalize()
    table["William"] = "Bill"  # the contract's own example
    return table


def nicknames_for(names: npt.NDArray[np.object_]) -> npt.NDArray[np.object_]:
    """The familiar form of each name where one is known, else the name unchanged."""
    table = _nickname_table()
    return np.array([table.get(n, n) for n in names.tolist()], dtype=object)


def has_nickname(names: StrArray) -> npt.NDArray[np.bool_]:
    table = _nickname_table()
    return np.array([n in table for n in names.tolist()], dtype=bool)
