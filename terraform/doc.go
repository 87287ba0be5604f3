// Package terraform writes a backup's raw API objects as configuration for
// the Genesys Cloud Terraform provider (CX as Code, registry source
// mypurecloud/genesyscloud), from which `terraform apply` can rebuild the
// org.
//
// Each catalogue type with a mapping (mapping_*.go) becomes one file of
// resource and data blocks. Labels come from object names and do not
// depend on the order objects are read in. References between objects
// become Terraform references; references that leave the backup are kept
// as raw ids or dropped, and reported. Object-level reference cycles and
// self references are broken and reported, so Terraform can order the
// apply. Secrets that the API never returns become input variables.
//
// Check parses written files back and verifies that every reference
// points at a declared block and that the reference graph is acyclic.
package terraform
