"""The police force areas of England and Wales, to recognise an area column by what it holds.

Names as the Home Office's police funding tables and PCC offices write them;
a column is an area column when most of its cells are among these.
"""
from __future__ import annotations

import re

FORCE_AREAS = (
    "Avon and Somerset", "Bedfordshire", "Cambridgeshire", "Cheshire", "City of London", "Cleveland",
    "Cumbria", "Derbyshire", "Devon and Cornwall", "Dorset", "Durham", "Dyfed-Powys", "Essex",
    "Gloucestershire", "Greater Manchester", "Gwent", "Hampshire", "Hertfordshire", "Humberside", "Kent",
    "Lancashire", "Leicestershire", "Lincolnshire", "Merseyside", "Metropolitan", "Norfolk",
    "North Wales", "North Yorkshire", "Northamptonshire", "Northumbria", "Nottinghamshire", "South Wales",
    "South Yorkshire", "Staffordshire", "Suffolk", "Surrey", "Sussex", "Thames Valley", "Warwickshire",
    "West Mercia", "West Midlands", "West Yorkshire", "Wiltshire",
)
_KEYS = {re.sub(r"[^a-z]", "", name.lower()) for name in FORCE_AREAS} | {
    "metropolitanpolice", "london", "mopac", "greaterlondon", "hampshireandisleofwight", "avonsomerset",
    "devoncornwall", "dyfedpowys", "cityoflondonpolice",
}
_DECORATION = re.compile(
    r"\b(?:police|constabulary|pcc|opcc|pfcc|service|force|area|office of the|police and crime commissioner"
    r"(?: for)?|police fire and crime commissioner(?: for)?|&|the)\b",
    re.IGNORECASE,
)


def is_force_name(text: str) -> bool:
    key = re.sub(r"[^a-z]", "", _DECORATION.sub(" ", text.replace("&", " and ")).lower())
    return key in _KEYS
