"""Words young people's pages cannot avoid, each explained in plain words under "What does
this mean?" (GOV.UK details): kept in the kernel so that every app's pages, and the young
people's summary, explain them the same way."""

PLAIN_WORDS = {
    "care leaver": (
        "A care leaver is a young person aged 16 to 25 who was in care. The council still "
        "helps them, with money, a place to live, school, college or work."
    ),
    "placement": (
        "Your placement is the home you live in while you are in care. It could be with a "
        "foster family, in a children's home, or with people you know."
    ),
    "UASC": (
        "UASC means a child who came to this country alone to stay safe, without a parent. "
        "The letters stand for unaccompanied asylum-seeking child."
    ),
}
