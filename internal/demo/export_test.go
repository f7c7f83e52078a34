package demo

// ShiftDates exposes shiftDates to the tests.
var ShiftDates = shiftDates
