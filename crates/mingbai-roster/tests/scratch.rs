#[test]
fn dump() {
    let c = mingbai_content::load(std::path::Path::new("../../content")).unwrap();
    for (id, p) in &c.params {
        println!("{id} {}", p.name);
        for d in &p.medical { println!("  medical {} {:?}", d.from, d.to); }
        for d in &p.relocation { println!("  relocation {} {:?}", d.from, d.to); }
        for d in &p.education { println!("  education {} {:?} items {:?}", d.from, d.to, d.params.items.iter().map(|i| (&i.id, &i.stages, &i.categories, i.boarding, i.kind)).collect::<Vec<_>>()); }
        for d in &p.dibao { println!("  dibao {} {:?} {:?}", d.from, d.to, d.params.standard.v); }
    }
}
