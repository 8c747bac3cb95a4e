package store
import ("testing";"os";"time";"encoding/json";"path/filepath";"strconv";"mentorlog/model")
func TestZZFz(t *testing.T){
 s := openTemp(t); fill(t, s, "Ada")
 files,_ := filepath.Glob(os.Getenv("FZDIR")+"/*")
 for _, f := range files {
  b,_ := os.ReadFile(f)
  // corpus file format: go test fuzz v1 \n []byte("...")
  lines := string(b)
  i := len("go test fuzz v1\n[]byte(")
  q, err := strconv.Unquote(lines[i:len(lines)-2])
  if err != nil { t.Log("unquote", err); continue }
  var a model.Archive
  if json.Unmarshal([]byte(q), &a) != nil { continue }
  st := time.Now(); _, err = s.Import(ctx, a); d1 := time.Since(st)
  st = time.Now(); exportString(t, s); d2 := time.Since(st)
  t.Log(filepath.Base(f), len(q), d1, d2, err != nil)
 }
}
