import { builder } from "../../graphql/builder.js";
import { presentInstance, presentNumber } from "./device-model-rules.js";

builder.prismaObject("StationVariable", {
  description:
    "One attribute of a variable of a station's device model, as the station last reported it (a report or an " +
    "event's actual value).",
  fields: (t) => ({
    component: t.exposeString("component"),
    componentInstance: t.string({
      nullable: true,
      description: "The component's instance; null when the component has one instance.",
      select: { componentInstance: true },
      resolve: (variable) => presentInstance(variable.componentInstance),
    }),
    evseId: t.int({
      nullable: true,
      description: "The EVSE the component belongs to; null for the station as a whole.",
      select: { evseId: true },
      resolve: (variable) => presentNumber(variable.evseId),
    }),
    connectorId: t.int({
      nullable: true,
      description: "The connector (within its EVSE) the component belongs to; null for none.",
      select: { connectorId: true },
      resolve: (variable) => presentNumber(variable.connectorId),
    }),
    variable: t.exposeString("variable"),
    variableInstance: t.string({
      nullable: true,
      description: "The variable's instance; null when the variable has one instance.",
      select: { variableInstance: true },
      resolve: (variable) => presentInstance(variable.variableInstance),
    }),
    attributeType: t.exposeString("attributeType", { description: "Actual, Target, MinSet or MaxSet." }),
    value: t.exposeString("value", {
      nullable: true,
      description: "Null when the station gave none, and always for a WriteOnly attribute (which is secret).",
    }),
    mutability: t.exposeString("mutability", {
      nullable: true,
      description: "ReadOnly, WriteOnly or ReadWrite; null when only an event has told of the variable.",
    }),
    dataType: t.exposeString("dataType", {
      nullable: true,
      description: "string, decimal, integer, dateTime, boolean, OptionList, SequenceList or MemberList.",
    }),
    unit: t.exposeString("unit", { nullable: true }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObject("VariableMonitor", {
  description: "A monitor set on a variable, as the station last reported it.",
  fields: (t) => ({
    monitorId: t.exposeInt("monitorId", { description: "The station's id of the monitor." }),
    component: t.exposeString("component"),
    componentInstance: t.string({
      nullable: true,
      select: { componentInstance: true },
      resolve: (monitor) => presentInstance(monitor.componentInstance),
    }),
    evseId: t.int({ nullable: true, select: { evseId: true }, resolve: (monitor) => presentNumber(monitor.evseId) }),
    connectorId: t.int({
      nullable: true,
      select: { connectorId: true },
      resolve: (monitor) => presentNumber(monitor.connectorId),
    }),
    variable: t.exposeString("variable"),
    variableInstance: t.string({
      nullable: true,
      select: { variableInstance: true },
      resolve: (monitor) => presentInstance(monitor.variableInstance),
    }),
    type: t.exposeString("type", {
      description: "UpperThreshold, LowerThreshold, Delta, Periodic or PeriodicClockAligned.",
    }),
    value: t.float({
      description: "The threshold or delta; for the periodic types, the interval in seconds.",
      select: { value: true },
      resolve: (monitor) => monitor.value.toNumber(),
    }),
    severity: t.exposeInt("severity", {
      description: "What the events it raises are graded: 0 (Danger) to 9 (Debug).",
    }),
    transaction: t.exposeBoolean("transaction", { description: "Whether it only monitors during a transaction." }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectFields("Station", (t) => ({
  variables: t.relation("variables", {
    description: "The station's device model as it reported it, by component and variable.",
    args: {
      component: t.arg.string({ description: "Only this component's variables." }),
      variable: t.arg.string({ description: "Only variables of this name." }),
    },
    query: ({ component, variable }) => ({
      where: { ...(component ? { component } : {}), ...(variable ? { variable } : {}) },
      orderBy: [
        { component: "asc" },
        { componentInstance: "asc" },
        { evseId: "asc" },
        { connectorId: "asc" },
        { variable: "asc" },
        { variableInstance: "asc" },
        { attributeType: "asc" },
      ],
    }),
  }),
  monitors: t.relation("monitors", { query: { orderBy: { monitorId: "asc" } } }),
}));
