package wawp

// LabelsService covers the labels endpoints.
type LabelsService service
