"""The seven corporate parenting principles, Children and Social Work Act 2017, section 1(1).

Statutory text: loaded into the database by a data migration so that every installation has
it, not only the demo. (number, short title, the Act's wording, plain English)."""

PRINCIPLES: tuple[tuple[int, str, str, str], ...] = (
    (
        1,
        "Best interests, health and well-being",
        "to act in the best interests, and promote the physical and mental health and "
        "well-being, of those children and young people",
        "We do what is best for you and help you to be healthy and happy.",
    ),
    (
        2,
        "Express views, wishes and feelings",
        "to encourage those children and young people to express their views, wishes and feelings",
        "We ask what you think and feel, and make it easy for you to tell us.",
    ),
    (
        3,
        "Take views into account",
        "to take into account the views, wishes and feelings of those children and young people",
        "We listen to what you tell us and it changes what we do.",
    ),
    (
        4,
        "Access to services",
        "to help those children and young people gain access to, and make the best use of, "
        "services provided by the local authority and its relevant partners",
        "We help you find and use the services that can help you.",
    ),
    (
        5,
        "High aspirations and best outcomes",
        "to promote high aspirations, and seek to secure the best outcomes, for those "
        "children and young people",
        "We believe in you and help you aim high.",
    ),
    (
        6,
        "Safety and stability",
        "for those children and young people to be safe, and for stability in their home "
        "lives, relationships and education or work",
        "We keep you safe and help you have a settled home, school or job, and relationships.",
    ),
    (
        7,
        "Preparing for adulthood",
        "to prepare those children and young people for adulthood and independent living",
        "We help you get ready to live on your own as an adult.",
    ),
)
