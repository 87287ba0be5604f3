package activities

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/genesys"
)

// A page-number listing can change while its pages are read. An object
// created or deleted after page 1 shifts every later object by one place,
// so an object moves onto a page already read (lost) or onto the next page
// too (listed twice). Pages run in parallel and in any order, so no
// page can tell the shift from its own response alone. Three things keep a
// backup exact:
//
//   - Page 1 stores the listing's total in the export's working state, and
//     every later page compares its own total with it.
//   - Every listed object is claimed by id, and only the page that claims
//     it first counts and writes it, so an object seen on two pages is in
//     the backup and the audit once. Seeing it on another page of the same
//     partition also shows that the listing moved.
//   - A page that finds the listing moved lists the whole partition again,
//     page by page, in its own attempt, and writes what no page claimed
//     yet. A pass that ends on the total seen before it shows the listing
//     settled; when relistPasses passes never do, the partition is
//     reported as failed instead of ending short in silence.
//
// NOTE: a create and a delete that cancel out keep the total, so such a
// shift is only found when an object shows up on two pages.
const relistPasses = 3

// listingSnapshot is the total and page count of a listing's page 1.
type listingSnapshot struct {
	Total     int64 `json:"total"`
	PageCount int   `json:"pageCount"`
}

// tracksDrift reports whether this job reads one page of a page-number
// listing, whose pages run as separate activities.
func (j *pageJob) tracksDrift() bool {
	return j.typ.Paging == catalog.PagingPageNumber && j.parentKey == "" &&
		j.in.Partition != export.IDsPartition && !j.typ.Singleton
}

func (j *pageJob) snapshotName() string {
	return "listing " + j.in.Type + " " + j.in.Partition
}

func (j *pageJob) owner() string {
	return j.in.Partition + "#" + strconv.Itoa(j.in.Page)
}

// claim reports whether this page holds the object id, claiming it when no
// page has. An object another page of the partition holds shows that the
// listing moved. A claim that cannot be stored counts the object here, as
// before claims existed, and is logged.
func (j *pageJob) claim(id string) bool {
	if !j.tracksDrift() {
		return true
	}
	holder, err := j.dir.Claim(j.in.ExportID, "claims "+j.in.Type, id, j.owner())
	if err != nil {
		j.a.logger().Warn("cannot record which page listed an object; counting it on this page",
			"type", j.in.Type, "id", id, "page", j.in.Page, "error", err)
		return true
	}
	if holder == j.owner() {
		// A page read again after the listing moved meets its own
		// objects again; each counts once per attempt.
		if j.claimed[id] {
			return false
		}
		if j.claimed == nil {
			j.claimed = map[string]bool{}
		}
		j.claimed[id] = true
		return true
	}
	samePartition := strings.HasPrefix(holder, j.in.Partition+"#")
	if samePartition && !j.relisting && j.drift == "" {
		j.drift = fmt.Sprintf("%s %s is on page %d and also on page %s", j.in.Type, id, j.in.Page,
			strings.TrimPrefix(holder, j.in.Partition+"#"))
	}
	return false
}

// checkDrift stores page 1's total, or compares a later page's total with
// it, and notes in j.drift how the listing moved.
func (j *pageJob) checkDrift(page *genesys.Page) {
	if !j.tracksDrift() {
		return
	}
	name := j.snapshotName()
	if j.in.Page == 1 {
		if err := j.dir.WriteState(j.in.ExportID, name, listingSnapshot{Total: page.Total, PageCount: page.PageCount}); err != nil {
			j.a.logger().Warn("cannot store the listing's total; later pages will not check it",
				"type", j.in.Type, "partition", j.in.Partition, "error", err)
		}
		return
	}
	var first listingSnapshot
	found, err := j.dir.ReadState(j.in.ExportID, name, &first)
	if err != nil || !found {
		return
	}
	if page.Total != first.Total {
		j.drift = fmt.Sprintf("the total of %s was %d on page 1 and is %d on page %d",
			j.in.Type, first.Total, page.Total, j.in.Page)
	}
}

// settledName is the state that records the total at which a re-listing
// found the listing settled, so that other pages that saw the same change
// need not list it again.
func (j *pageJob) settledName() string {
	return "relisted " + j.in.Type + " " + j.in.Partition
}

// relistIfMoved lists the whole partition again when this page found that
// the listing moved, and reports the partition when it never settles.
func (j *pageJob) relistIfMoved(ctx context.Context, total int64) error {
	if j.drift == "" {
		return nil
	}
	var settled listingSnapshot
	if found, _ := j.dir.ReadState(j.in.ExportID, j.settledName(), &settled); found && settled.Total == total {
		j.a.logger().Info("listing changed during the export and was already listed again",
			"type", j.in.Type, "partition", j.in.Partition, "page", j.in.Page, "change", j.drift)
		return nil
	}
	j.a.logger().Info("listing changed during the export; listing it again",
		"type", j.in.Type, "partition", j.in.Partition, "page", j.in.Page, "change", j.drift)
	j.relisting = true
	defer func() { j.relisting = false }()

	previous := total
	for pass := 1; pass <= relistPasses; pass++ {
		total, err := j.relistPass(ctx)
		if err != nil {
			return err
		}
		if total == previous {
			if err := j.dir.WriteState(j.in.ExportID, j.settledName(), listingSnapshot{Total: total}); err != nil {
				j.a.logger().Warn("cannot record the re-listing", "type", j.in.Type, "error", err)
			}
			return nil
		}
		previous = total
	}
	j.problem(export.ProblemFailed, "", fmt.Sprintf(
		"%s (partition %s) kept changing while it was listed: %s, and %d more passes over all its pages "+
			"never saw the same total twice, so objects created or deleted meanwhile may be missing; export again",
		j.in.Type, j.in.Partition, j.drift, relistPasses))
	return nil
}

// relistPass reads every page of the partition and writes the objects no
// page has claimed yet. It returns the total of the last page it read.
func (j *pageJob) relistPass(ctx context.Context) (int64, error) {
	query := j.listQuery()
	var total int64
	for number, count := 1, 1; number <= count; number++ {
		page, err := j.a.Client.GetPage(ctx, j.typ.ListPath, query, number, j.typ.PageSize)
		j.count(err)
		if err != nil {
			return 0, j.fail(fmt.Errorf("list %s page %d again after the listing changed: %w", j.in.Type, number, err))
		}
		count, total = page.PageCount, page.Total
		if err := j.writeAll(ctx, page.Entities); err != nil {
			return 0, err
		}
	}
	return total, nil
}
