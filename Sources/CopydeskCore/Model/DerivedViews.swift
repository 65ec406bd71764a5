/// Views of a document's text that a stage derives and leaves for later stages, so the next stage
/// does not derive them again (the entity stage's token view, which the claims stage reads too).
///
/// One value per type. Not part of the output, never written or sent to plugins, and not compared:
/// two documents are equal whatever views they carry. A view may be stale when a stage changed the
/// text after it was made, so a reader checks it against the text before use.
public struct DerivedViews: Sendable, Equatable {
    private var views: [ObjectIdentifier: any Sendable] = [:]

    /// No views.
    public init() {}

    /// The view of type `View`, if a stage left one.
    public subscript<View: Sendable>(_ type: View.Type) -> View? {
        get { views[ObjectIdentifier(type)] as? View }
        set { views[ObjectIdentifier(type)] = newValue }
    }

    /// Always `true`: views are caches of what the document holds, not part of it.
    public static func == (lhs: DerivedViews, rhs: DerivedViews) -> Bool { true }
}
