package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

// signer asks one party to type their own name to sign the agreement.
type signer struct {
	party model.Role
	input textinput.Model
	err   string
}

func newSigner(st *Styles, party model.Role) signer {
	in := st.input("", "type your own full name", model.MaxName)
	in.SetWidth(40)
	return signer{party: party, input: in}
}

// signedMsg reports a signature saved, to the screen that asked.
type signedMsg struct {
	s   screen
	sig model.Signature
	err error
}

func (m signedMsg) to() screen      { return m.s }
func (m signedMsg) writeErr() error { return m.err }

// signAgreement signs the agreement text as it is stored now, as party
// with name, in one transaction. Every earlier signature is kept:
// Foundation.Signatures is the history.
func signAgreement(j Journal, s screen, relID model.ID, party model.Role, name string, at time.Time) tea.Cmd {
	return func() tea.Msg {
		p, err := j.UpdatePlan(context.Background(), relID, func(r model.Relationship, p *model.Plan) error {
			if err := model.Editable(r); err != nil {
				return err
			}
			fnd, err := p.Foundation.Sign(party, name, at)
			p.Foundation = fnd
			return err
		})
		if err != nil {
			return signedMsg{s: s, err: err}
		}
		sigs := p.Foundation.Signatures
		return signedMsg{s: s, sig: sigs[len(sigs)-1]}
	}
}

// signatureLines shows where each party stands with the agreement: signed,
// changed since signed (with what changed since that signature), or not
// signed; then the history of every signature.
func signatureLines(st *Styles, f model.Full, width int) []string {
	fnd := f.Plan.Foundation
	var out []string
	for _, party := range model.Parties {
		state, sig := fnd.SignStateOf(party)
		who := partyName(f.Rel, party)
		typed := st.Muted.Render(cut("    typed name: "+model.Quote(sig.Name), width))
		switch state {
		case model.Signed:
			out = append(out, st.Good.Render("✓ ")+cut(who+" signed "+model.FormatDate(sig.At), width-2), typed)
		case model.ChangedSinceSigned:
			out = append(out, st.Warn.Render("! ")+cut(who+" signed "+model.FormatDate(sig.At), width-2), typed,
				st.Warn.Render(cut("    the agreement changed since; what changed:", width)))
			changes := 0
			for _, dl := range model.DiffLines(sig.Text, fnd.AgreementText()) {
				if dl.Op == model.DiffSame {
					continue
				}
				changes++
				if changes > 12 {
					out = append(out, st.Muted.Render("    … more changes"))
					break
				}
				line := cut("    "+string(dl.Op)+" "+model.SanitizeLine(dl.Text), width)
				if dl.Op == model.DiffAdded {
					out = append(out, st.Good.Render(line))
				} else {
					out = append(out, st.Bad.Render(line))
				}
			}
		default:
			out = append(out, st.Muted.Render("○ ")+cut(who+" has not signed", width-2))
		}
	}
	if fnd.FullySigned() {
		out = append(out, st.Good.Render(cut("Both of you signed this exact text.", width)))
	}
	if n := len(fnd.Signatures); n > 0 {
		out = append(out, "", st.Label.Render(fmt.Sprintf("Every signature (%d), newest first:", n)))
		cur := fnd.Fingerprint()
		for i := n - 1; i >= 0; i-- {
			s := fnd.Signatures[i]
			tag := ""
			if s.Fingerprint != cur {
				tag = st.Muted.Render(" (an earlier text)")
			}
			fp := s.Fingerprint
			if len(fp) > 8 {
				fp = fp[:8]
			}
			line := fmt.Sprintf("  %s %s %s · %s", s.At.UTC().Format("2006-01-02 15:04"), padRight(string(s.Party), 6), model.SanitizeLine(s.Name), fp)
			out = append(out, cut(line, width-cells().StringWidth(tag))+tag)
		}
	}
	return out
}

func (g *signer) view(st *Styles, f model.Full, width int) string {
	who := partyName(f.Rel, g.party)
	lines := []string{
		st.Pair.Render("Signing as " + sideName(f.Rel, g.party)),
		cut(fmt.Sprintf("%s: read it above, type your own name, press enter.", who), width),
		st.FocusLabel.Render("Name: ") + inputView(g.input),
	}
	if g.err != "" {
		lines = append(lines, st.Error.Render(cut(g.err, width)))
	} else {
		lines = append(lines, st.Muted.Render(cut("The signature keeps the time and a fingerprint of this exact text · esc cancel", width)))
	}
	return strings.Join(lines, "\n")
}
