package post

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/apperr"
)

// Categories of the service menu, city-wide. Each post's menu offers some
// of them; a free-text need is ordered under one of them too, and routed by
// it. The display names are i18n keys "svc.cat.<code>".
var Categories = []string{
	"policy",      // 政策咨询
	"paperwork",   // 证照代办
	"employment",  // 就业创业
	"elderly",     // 养老助残
	"health",      // 医疗健康
	"legal",       // 法律援助
	"mediation",   // 矛盾调解
	"environment", // 环境卫生
	"enterprise",  // 企业服务 (商鹿通)
	"member",      // 党员服务
	"volunteer",   // 志愿服务
	"other",       // 其他诉求
}

// ValidCategory reports whether c is a menu category.
func ValidCategory(c string) bool { return slices.Contains(Categories, c) }

// Item is one entry of a post's service menu.
type Item struct {
	ID          int64   `json:"id"`
	Code        string  `json:"code"` // also its Open311 service_code
	PostID      int64   `json:"post_id"`
	PostName    string  `json:"post_name,omitempty"`
	Category    string  `json:"category"`
	Name        string  `json:"name"`
	Description string  `json:"description"`
	LimitDays   int     `json:"limit_days"` // working days to close
	Fields      []Field `json:"fields"`
	Active      bool    `json:"active"`
	Units       []Ref   `json:"units"`
}

// Field is an extra question an order for the item answers; Open311 shows
// it as a service-definition attribute.
type Field struct {
	Code     string  `json:"code"`
	Name     string  `json:"name"`
	Type     string  `json:"datatype"` // string, number, datetime, text, singlevaluelist, multivaluelist
	Required bool    `json:"required"`
	Values   []Value `json:"values,omitempty"`
}

// Value is a choice of a list field.
type Value struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

// FieldTypes are the Open311 attribute datatypes a field may have.
var FieldTypes = []string{"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}

var codeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$`)

// Validate checks an item before it is written.
func (it *Item) Validate() error {
	it.Name, it.Code = strings.TrimSpace(it.Name), strings.TrimSpace(it.Code)
	it.Description = strings.TrimSpace(it.Description)
	if it.Name == "" || utf8.RuneCountInString(it.Name) > 60 {
		return apperr.InvalidField("name", "err.name_length")
	}
	if !codeRE.MatchString(it.Code) {
		return apperr.InvalidField("code", "err.post.code")
	}
	if !ValidCategory(it.Category) {
		return apperr.InvalidField("category", "err.post.category").With("category", it.Category)
	}
	if utf8.RuneCountInString(it.Description) > 1000 {
		return apperr.InvalidField("description", "err.text_too_long")
	}
	if it.LimitDays < 1 || it.LimitDays > 60 {
		return apperr.InvalidField("limit_days", "err.post.limit_days")
	}
	seen := map[string]bool{}
	for i := range it.Fields {
		f := &it.Fields[i]
		f.Code, f.Name = strings.TrimSpace(f.Code), strings.TrimSpace(f.Name)
		if !codeRE.MatchString(f.Code) || seen[f.Code] || f.Name == "" {
			return apperr.InvalidField("fields", "err.post.field").With("field", f.Code)
		}
		seen[f.Code] = true
		if !validFieldType(f.Type) {
			return apperr.InvalidField("fields", "err.post.field_type").With("field", f.Code)
		}
		isList := strings.HasSuffix(f.Type, "valuelist")
		if isList != (len(f.Values) > 0) {
			return apperr.InvalidField("fields", "err.post.field_values").With("field", f.Code)
		}
	}
	return nil
}

func validFieldType(t string) bool { return slices.Contains(FieldTypes, t) }

// CheckAnswers validates the answers of an order to the item's fields: a
// required field must be answered, numbers must parse, datetimes must be
// ISO 8601, and list answers must be among the values. It returns the
// answers kept (unknown codes are dropped).
func CheckAnswers(fields []Field, answers map[string][]string) (map[string][]string, error) {
	kept := map[string][]string{}
	for _, f := range fields {
		var vals []string
		for _, v := range answers[f.Code] {
			if v = strings.TrimSpace(v); v != "" {
				vals = append(vals, v)
			}
		}
		if len(vals) == 0 {
			if f.Required {
				return nil, apperr.InvalidField("attribute["+f.Code+"]", "err.order.attr_required").With("field", f.Name)
			}
			continue
		}
		bad := apperr.InvalidField("attribute["+f.Code+"]", "err.order.attr_invalid").With("field", f.Name)
		if f.Type != "multivaluelist" && len(vals) > 1 {
			return nil, bad
		}
		for _, v := range vals {
			if !answerOK(f, v) {
				return nil, bad
			}
		}
		kept[f.Code] = vals
	}
	return kept, nil
}

func answerOK(f Field, v string) bool {
	switch f.Type {
	case "number":
		n, err := strconv.ParseFloat(v, 64)
		return err == nil && !math.IsNaN(n) && !math.IsInf(n, 0)
	case "datetime":
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02"} {
			if _, err := time.Parse(layout, v); err == nil {
				return true
			}
		}
		return false
	case "singlevaluelist", "multivaluelist":
		for _, x := range f.Values {
			if x.Key == v {
				return true
			}
		}
		return false
	}
	return utf8.RuneCountInString(v) <= 1000
}
