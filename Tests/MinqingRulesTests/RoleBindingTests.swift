import MinqingRules
import Testing

@Suite struct RoleBindingTests {
    @Test func eachRoleNeedsExactlyItsBinding() {
        #expect(Role.admin.bindingProblems(bound: []).isEmpty)
        #expect(Role.department.bindingProblems(bound: [.department]).isEmpty)
        #expect(Role.staff.bindingProblems(bound: [.region]).isEmpty)
        #expect(Role.leader.bindingProblems(bound: []).map(\.field) == ["region_id"])
        let wrong = Role.observer.bindingProblems(bound: [.representative, .region])
        #expect(wrong.map(\.field) == ["representative_id", "observer_id", "region_id"])
        #expect(
            wrong.map(\.message) == [
                "is only for the representative role", "is required for the observer role", "is only for the staff and leader roles",
            ])
    }
}
