"""Reads an SBML file with libSBML and prints its consistency report as JSON.

Usage: python3 sbml-check.py FILE.xml
Prints {"level", "version", "errors": [...], "warnings": [...], "rules", "parameters", "functions",
"events": [...], "initialAssignments": {...}}: each event with its trigger's attributes and formula, its
delay and priority (null if absent), and its assignments as formulas; and, evaluated by libSBML itself
over the model's values, the times a counted time event (time >= T(n) && n < N) fires at and each
assignment's value at the initial state, so that a test can check what the events mean without a
simulator.
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


def formula(math):
    return libsbml.formulaToL3String(math) if math is not None else None


def evaluate(math):
    return libsbml.SBMLTransforms.evaluateASTNode(math, model)


def fire_times(trigger):
    """For time >= T(n) && n < N with n a counter the event increments: T(0), T(1), ... while n < N."""
    if trigger is None or trigger.getType() != libsbml.AST_LOGICAL_AND or trigger.getNumChildren() != 2:
        return None
    at, limit = trigger.getChild(0), trigger.getChild(1)
    if at.getType() != libsbml.AST_RELATIONAL_GEQ or at.getChild(0).getType() != libsbml.AST_NAME_TIME:
        return None
    counter = model.getParameter(limit.getChild(0).getName())
    start = counter.getValue()
    times = []
    while evaluate(limit) and len(times) < 1_000_000:
        times.append(evaluate(at.getChild(1)))
        counter.setValue(counter.getValue() + 1)
        libsbml.SBMLTransforms.clearComponentValues()
    counter.setValue(start)
    libsbml.SBMLTransforms.clearComponentValues()
    return times


events = []
for k in range(model.getNumEvents() if model else 0):
    ev = model.getEvent(k)
    trig = ev.getTrigger()
    events.append(
        {
            "id": ev.getId(),
            "initialValue": trig.getInitialValue(),
            "persistent": trig.getPersistent(),
            "trigger": formula(trig.getMath()),
            "delay": formula(ev.getDelay().getMath()) if ev.isSetDelay() else None,
            "priority": formula(ev.getPriority().getMath()) if ev.isSetPriority() else None,
            "useValuesFromTriggerTime": ev.getUseValuesFromTriggerTime(),
            "assign": {
                ev.getEventAssignment(j).getVariable(): formula(ev.getEventAssignment(j).getMath())
                for j in range(ev.getNumEventAssignments())
            },
            "times": fire_times(trig.getMath()),
            "valuesAtStart": {
                ev.getEventAssignment(j).getVariable(): evaluate(ev.getEventAssignment(j).getMath())
                for j in range(ev.getNumEventAssignments())
            },
        }
    )
initial = {}
for k in range(model.getNumInitialAssignments() if model else 0):
    ia = model.getInitialAssignment(k)
    initial[ia.getSymbol()] = {"formula": formula(ia.getMath()), "value": evaluate(ia.getMath())}
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
            "events": events,
            "initialAssignments": initial,
        }
    )
)
