"""Reads an SBML file with libSBML and prints its consistency report as JSON.

Usage: python3 sbml-check.py FILE.xml
Prints {"level", "version", "errors": [...], "warnings": [...], "rules", "parameters", "functions"}.
"""
import json
import sys

import libsbml

doc = libsbml.readSBMLFromFile(sys.argv[1])
read_errors = [
    doc.getError(i).getMessage().strip()
    for i in range(doc.getNumErrors())
    if doc.getError(i).getSeverity() >= libsbml.LIBSBML_SEV_ERROR
]
doc.setConsistencyChecks(libsbml.LIBSBML_CAT_UNITS_CONSISTENCY, True)
doc.checkConsistency()
errors, warnings = list(read_errors), []
for i in range(doc.getNumErrors()):
    e = doc.getError(i)
    text = f"{e.getErrorId()} line {e.getLine()}: {e.getMessage().strip()}"
    (errors if e.getSeverity() >= libsbml.LIBSBML_SEV_ERROR else warnings).append(text)
model = doc.getModel()
print(
    json.dumps(
        {
            "level": doc.getLevel(),
            "version": doc.getVersion(),
            "errors": sorted(set(errors)),
            "warnings": warnings,
            "rules": model.getNumRules() if model else 0,
            "parameters": model.getNumParameters() if model else 0,
            "functions": model.getNumFunctionDefinitions() if model else 0,
        }
    )
)
